package io.equilibria.archive.browse;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.equilibria.archive.ArchiveException;
import io.equilibria.archive.ArchiveView;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * {@code equilibria browse}: the archive in a web browser. Gallery, entry pages, the Pareto view,
 * the clusters and a live view of a running search, over any {@link ArchiveView} (the archive
 * itself, or the running search that owns it).
 *
 * <p>Safety: everything from the archive is HTML-escaped by the templates (Mustache's {@code {{ }}})
 * or by {@link Scatter#escape}; blobs are served only by their content-hash names, from the blob
 * folder; the one change (promote) is a POST that must carry the token of a page this server made.
 */
public final class BrowseServer implements AutoCloseable {
    /** A request for another host's name (see {@link OwnHost}). */
    static final class ForeignHost extends RuntimeException {
        ForeignHost(String host) {
            super("This server answers to this machine's own names and addresses only, not to \"" + host
                    + "\": open it by its address (for example http://127.0.0.1:PORT/).");
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BrowseServer.class);
    static final int PAGE_SIZE = 48;
    static final int LIVE_REFRESH_SECONDS = 5;
    private static final Set<String> PAGES = Set.of("head", "foot", "gallery", "entry", "confirm", "pareto", "clusters",
            "live", "error", "breed", "bred", "lineage", "compare", "map");

    private final Site site;
    private final Javalin app;

    private BrowseServer(ArchiveView archive, Breeder breeder) {
        Map<String, Template> templates = new HashMap<>();
        Mustache.Compiler compiler = Mustache.compiler().defaultValue("").emptyStringIsFalse(true).withLoader(BrowseServer::template);
        for (String name : PAGES) {
            try (Reader r = template(name)) {
                templates.put(name, compiler.compile(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.site = new Site(archive, io.equilibria.archive.store.Tokens.random(), templates, new LivingFinds(archive),
                breeder);
        GalleryPage gallery = new GalleryPage(site);
        EntryPages entries = new EntryPages(site);
        SteeringPages steering = new SteeringPages(site);
        SearchPages search = new SearchPages(site);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            // Requests Jetty refuses before any route sees them (an encoded "/" or ".." in a path, say)
            // get the same page as every other error.
            config.jetty.modifyServer(server -> server.setErrorHandler(new ErrorHandler() {
                @Override
                public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                    fields.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                    return ByteBuffer.wrap(site.errorPage(status, "Bad request", "The address is malformed ("
                            + (reason == null ? "refused" : reason) + ").").getBytes(StandardCharsets.UTF_8));
                }
            }));
        });
        // DNS rebinding: a web page whose name an attacker points at 127.0.0.1 reaches this server
        // with its own name in Host. Only this machine's names and addresses are answered.
        app.before(ctx -> {
            String host = ctx.header("Host");
            if (host == null || !OwnHost.accepts(host)) {
                throw new ForeignHost(host);
            }
        });
        app.exception(ForeignHost.class, (e, ctx) -> site.error(ctx, 403, "Forbidden", e.getMessage()));
        app.get("/", gallery::gallery);
        app.get("/entry/{id}", entries::entry);
        app.post("/entry/{id}/promote", entries::promote);
        app.post("/entry/{id}/rate", steering::rate);
        app.get("/keys.js", entries::keys);
        app.get("/breed", steering::breed);
        app.post("/breed", steering::startBreeding);
        app.get("/compare", steering::compare);
        app.get("/map", steering::map);
        app.post("/compare", steering::answer);
        app.get("/entry/{id}/lineage", entries::lineage);
        app.get("/entry/{id}/chart/{group}", entries::chart);
        app.get("/thumb/{id}/{side}", entries::thumbnail);
        app.get("/blob/{name}", entries::blob);
        app.get("/pareto", search::pareto);
        app.get("/clusters", search::clusters);
        app.get("/live", search::live);
        app.get("/clusters/{label}/canvas.png", search::canvas);
        app.exception(Params.BadRequest.class, (e, ctx) -> site.error(ctx, 400, "Bad request", e.getMessage()));
        app.exception(Params.NotFound.class, (e, ctx) -> site.error(ctx, 404, "Not found", e.getMessage()));
        app.exception(ArchiveException.class, (e, ctx) -> site.error(ctx, e.getMessage().startsWith("no entry") ? 404 : 409,
                e.getMessage().startsWith("no entry") ? "Not found" : "Cannot do that", e.getMessage()));
        app.error(404, ctx -> {
            if (ctx.result() == null || !ctx.result().startsWith("<!doctype")) { // not one of our pages yet
                site.error(ctx, 404, "Not found", "There is no page " + ctx.path() + ".");
            }
        });
        app.error(405, ctx -> site.error(ctx, 405, "Not allowed", "Use the page's buttons: changes are made by POST only."));
    }

    private static Reader template(String name) {
        var in = BrowseServer.class.getResourceAsStream("/browse/" + name + ".mustache");
        if (in == null) {
            throw new IllegalStateException("template " + name + " is missing from the program");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** Serves {@code archive} on {@code host:port} (0: any free port) until {@link #close}. */
    public static BrowseServer start(ArchiveView archive, String host, int port) {
        return start(archive, host, port, null);
    }

    /**
     * Serves {@code archive} on {@code host:port} (0: any free port) until {@link #close}; the breed
     * page's button starts runs through {@code breeder} (null: the page shows the command instead).
     */
    public static BrowseServer start(ArchiveView archive, String host, int port, Breeder breeder) {
        BrowseServer server = new BrowseServer(archive, breeder);
        server.app.start(host, port);
        // The map and compare pages read every living find (0.6 s over 10,000 in a fresh JVM): that
        // first read, started with the server, is over before anyone has the address.
        try {
            server.site.livingFinds.get();
        } catch (RuntimeException e) {
            LOG.warn("could not read the living finds yet: {}", e.toString()); // the pages will say what is wrong
        }
        return server;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        site.livingFinds.close();
    }

}
