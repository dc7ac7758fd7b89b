package org.cop.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch 2.19.1 with the k-NN plugin for development and CI, run from the Maven artifacts on
 * the class path (no distribution tarball, no Docker). Plain HTTP on 127.0.0.1, no security plugin.
 *
 * <pre>java -cp 'target/classes:target/lib/*' org.cop.opensearch.Launcher WORK_DIR [HTTP_PORT]</pre>
 *
 * HTTP_PORT falls back to $OPENSEARCH_HTTP_PORT, then 9200. Everything the node writes goes under WORK_DIR
 * (home/, data/, logs/). The distribution's modules that the project uses are loaded as class-path plugins,
 * and so is the k-NN plugin (Java only: its "lucene" engine; faiss and nmslib need native libraries that
 * are not on Maven Central, and are loaded only when an index uses them).
 */
public final class Launcher {

    /** Node's plugin-accepting constructor is protected (it is what the test framework's MockNode uses). */
    static final class DevNode extends Node {
        DevNode(Environment environment, List<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,          // module transport-netty4: HTTP and transport
        CommonAnalysisPlugin.class,  // module analysis-common: whitespace, lowercase, edge_ngram, ...
        MapperExtrasPlugin.class     // module mapper-extras: search_as_you_type, scaled_float, ...
    );

    /**
     * The k-NN plugin: knn_vector fields and the knn query. Maven Central ships it as a plugin zip, whose jars the
     * build unpacks into target/lib (not on the compile class path), hence by name.
     */
    static final String KNN_PLUGIN = "org.opensearch.knn.plugin.KNNPlugin";

    static List<Class<? extends Plugin>> plugins() throws ClassNotFoundException {
        List<Class<? extends Plugin>> plugins = new ArrayList<>(PLUGINS);
        plugins.add(Class.forName(KNN_PLUGIN).asSubclass(Plugin.class));
        return plugins;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Launcher WORK_DIR [HTTP_PORT]");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        String envPort = System.getenv("OPENSEARCH_HTTP_PORT");
        int httpPort = Integer.parseInt(args.length > 1 ? args[1] : envPort != null && !envPort.isEmpty() ? envPort : "9200");

        Path home = work.resolve("home");
        for (String dir : List.of("config", "plugins", "modules")) {
            Files.createDirectories(home.resolve(dir));
        }
        Path data = Files.createDirectories(work.resolve("data"));
        Path logs = Files.createDirectories(work.resolve("logs"));

        Settings settings = Settings.builder()
            .put("cluster.name", "cop-dev")
            .put("node.name", "cop-dev-" + httpPort)
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", "0")                       // any free port: nothing joins this node
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", true)
            .build();

        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), null, () -> "cop-dev-" + httpPort);
        Node node = new DevNode(environment, plugins());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "cop-opensearch-shutdown"));

        node.start();
        // One node: replicas could never be assigned (health would stay yellow). This default is read from the
        // cluster's persistent settings, not from node settings, so set it there; scripts wait for it.
        node.client().admin().cluster().prepareUpdateSettings()
            .setPersistentSettings(Settings.builder().put("cluster.default_number_of_replicas", 0))
            .get();
        System.out.println("[cop-opensearch] node started: http://127.0.0.1:" + httpPort + " (work dir " + work + ")");
        stopped.await();  // keeps the JVM alive: OpenSearch's own threads may all be daemons
    }

    private Launcher() {}
}
