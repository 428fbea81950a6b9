package io.equilibria.evolve.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Hazelcast members as equilibria runs them: explicit TCP addresses (no multicast, no cloud
 * discovery), phone-home off, one training at a time per member, Java deserialisation limited to
 * the task class, and attributes that say who a member is.
 */
public final class Nodes {
    /** Member attributes. */
    public static final String ROLE = "equilibria.role";
    public static final String VERSION = "equilibria.version";
    public static final String NAME = "equilibria.name";
    public static final String DEVICE = "equilibria.device";
    public static final String PID = "equilibria.pid";
    public static final String HOST = "equilibria.host";
    public static final String COORDINATOR = "coordinator";
    public static final String WORKER = "worker";

    /** The executor that trains: one thread, one training at a time per member. */
    public static final String EXECUTOR = "equilibria-train";
    /** The key of a worker's {@link WorkerNode} in its member's user context. */
    public static final String CONTEXT_KEY = "equilibria.worker";

    private Nodes() {}

    /**
     * A member's configuration.
     *
     * @param bind the address to listen on (an interface of this host, or 0.0.0.0 for all)
     * @param port the first port to try; {@code portRange} more are tried when it is taken
     * @param members addresses of members to join through ("host:port")
     * @param lite a lite member holds no data (the coordinator)
     */
    public static Config config(Secret secret, String bind, int port, int portRange, List<String> members, boolean lite,
            Map<String, String> attributes, Map<String, Object> context) {
        Config config = new Config();
        config.setClusterName(secret.clusterName());
        config.setInstanceName(attributes.getOrDefault(ROLE, "member") + "-" + attributes.getOrDefault(NAME, "")
                + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        config.setLiteMember(lite);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false"); // we leave the cluster ourselves
        // Find dead members within seconds, not the default minute: their work goes elsewhere sooner.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        config.setProperty("hazelcast.socket.bind.any", String.valueOf("0.0.0.0".equals(bind)));
        config.getJetConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(portRange > 0).setPortCount(Math.max(1, portRange + 1));
        if (!"0.0.0.0".equals(bind)) {
            network.getInterfaces().setEnabled(true).addInterface(bind);
        }
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(3).setMembers(members);
        config.getMemberAttributeConfig().setAttributes(attributes);
        config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(1).setStatisticsEnabled(false));
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.getWhitelist().addClasses(TrainTask.class.getName());
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        config.setUserContext(new java.util.concurrent.ConcurrentHashMap<>(context));
        return config;
    }

    /** "host:port" as an address; the port defaults to {@code defaultPort}. */
    public static InetSocketAddress address(String text, int defaultPort, String option) {
        String host = text;
        int port = defaultPort;
        int colon = text.lastIndexOf(':');
        if (colon >= 0 && !text.endsWith("]")) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new io.equilibria.config.ConfigException(option, "\"" + text + "\" is not HOST:PORT");
            }
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new io.equilibria.config.ConfigException(option, "\"" + text + "\" is not HOST:PORT (port 1..65535)");
        }
        return InetSocketAddress.createUnresolved(host.replaceAll("^\\[|]$", ""), port);
    }

    /** A port free on 127.0.0.1 now (for a coordinator whose workers are all local). */
    public static int freeLoopbackPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    public static String describe(Member m) {
        String name = m.getAttribute(NAME);
        String device = m.getAttribute(DEVICE);
        return (name == null ? m.getAddress().toString() : name) + (device == null ? "" : " (" + device + ")");
    }
}
