package io.equilibria.evolve.cluster;

import io.equilibria.config.Json;
import io.equilibria.fitness.Evaluation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A worker's answer to a {@link TrainTask}: the evaluation, or why there is none.
 *
 * @param error why there is no evaluation (null when there is one)
 * @param retry the task is not at fault (the worker was leaving, or ran out of time): train it elsewhere
 * @param retiring the worker recycles its process after this reply: send it nothing more
 * @param busySeconds the worker's time on the task, from receiving it to replying
 */
record Reply(String task, String worker, String error, boolean retry, Evaluation evaluation, boolean retiring,
        double busySeconds) {

    /** The reply as bytes: its MAC (binding it to the task's id) and then its JSON. */
    byte[] seal(Secret secret) {
        byte[] json = Json.bytes(this);
        byte[] mac = secret.mac(task.getBytes(StandardCharsets.UTF_8), json);
        byte[] out = Arrays.copyOf(mac, mac.length + json.length);
        System.arraycopy(json, 0, out, mac.length, json.length);
        return out;
    }

    /** The reply in {@code sealed}, if it is an authentic answer to {@code task}; else null. */
    static Reply open(Secret secret, String task, byte[] sealed) {
        if (sealed == null || sealed.length <= Secret.MAC_BYTES) {
            return null;
        }
        byte[] mac = Arrays.copyOf(sealed, Secret.MAC_BYTES);
        byte[] json = Arrays.copyOfRange(sealed, Secret.MAC_BYTES, sealed.length);
        if (!secret.verify(mac, task.getBytes(StandardCharsets.UTF_8), json)) {
            return null;
        }
        Reply r = Json.read(json, Reply.class, "a worker's reply");
        return r.task().equals(task) ? r : null;
    }
}
