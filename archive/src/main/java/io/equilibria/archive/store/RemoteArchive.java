package io.equilibria.archive.store;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveJson;
import io.equilibria.archive.ArchiveView;
import io.equilibria.archive.Owner;
import io.equilibria.config.Json;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An archive that another process of this host owns, used through that process's
 * {@link ReadService}: every {@link ArchiveView} operation travels the same way, as a call (the
 * method's name and its arguments in JSON) answered by the owner's own {@link Archive} (its result
 * in JSON, or the {@link ArchiveException} it threw). No operation is written twice: a new one on
 * {@link ArchiveView} is forwarded as it is.
 *
 * <p>Wire format, {@code POST /call} with the owner's token: {@code {"method": NAME, "args": [...]}};
 * the answer is the result's JSON ({@code null} for nothing, an {@link Optional}'s value or
 * {@code null}); 409 carries an {@link ArchiveException}'s message, 400 a bad call's.
 */
public final class RemoteArchive implements InvocationHandler {
    /** ArchiveView's operations by name (the interface has no overloads: {@link #METHODS} checks it). */
    static final Map<String, Method> METHODS = Arrays.stream(ArchiveView.class.getMethods())
            .filter(m -> !m.isDefault() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
            .collect(Collectors.toMap(Method::getName, Function.identity()));

    private final Path file;
    private final Owner owner;
    private final HttpClient client;

    private RemoteArchive(Path file, Owner owner) {
        this.file = file;
        this.owner = owner;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The archive at {@code file} as its {@code owner} serves it. */
    static ArchiveView of(Path file, Owner owner) {
        return (ArchiveView) Proxy.newProxyInstance(ArchiveView.class.getClassLoader(),
                new Class<?>[] {ArchiveView.class}, new RemoteArchive(file, owner));
    }

    /** Whether {@code view} reads through another process (rather than being the archive itself). */
    public static boolean isRemote(ArchiveView view) {
        return Proxy.isProxyClass(view.getClass()) && Proxy.getInvocationHandler(view) instanceof RemoteArchive;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        switch (method.getName()) {
            case "file" -> {
                return file;
            }
            case "close" -> {
                client.close();
                return null;
            }
            case "toString" -> {
                return "archive " + file + " through " + owner.describe();
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            default -> {
                return call(method, args == null ? new Object[0] : args);
            }
        }
    }

    private Object call(Method method, Object[] args) {
        ObjectNode call = Json.mapper().createObjectNode();
        call.put("method", method.getName());
        ArrayNode list = call.putArray("args");
        for (Object a : args) {
            list.add(Json.mapper().valueToTree(a));
        }
        byte[] answer = post(Json.bytes(call));
        Type type = method.getGenericReturnType();
        if (type == void.class) {
            return null;
        }
        boolean optional = type instanceof ParameterizedType p && p.getRawType() == Optional.class;
        JavaType valueType = Json.mapper().getTypeFactory().constructType(
                optional ? ((ParameterizedType) type).getActualTypeArguments()[0] : type);
        Object value;
        try {
            JsonNode tree = Json.mapper().readTree(answer);
            value = tree == null || tree.isNull() ? null : Json.mapper().treeToValue(tree, valueType);
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + ": unreadable answer from its owner to " + method.getName()
                    + " (" + e.getMessage() + ")");
        }
        return optional ? Optional.ofNullable(value) : value;
    }

    private byte[] post(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + owner.port() + "/call"))
                .timeout(Duration.ofSeconds(30))
                .header(ReadService.TOKEN_HEADER, owner.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ArchiveException("archive " + file + " is in use by " + owner.describe()
                    + ", which does not answer reads (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("interrupted while reading " + file);
        }
        if (response.statusCode() != 200) {
            throw new ArchiveException(new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }
}
