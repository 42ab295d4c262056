package org.mandatelineage.neo4jlauncher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A real Neo4j 5 Community database for tests and local use: data in a folder (a fresh temporary
 * one unless {@code --data DIR}), Bolt on 127.0.0.1 (a free port unless {@code --port N}),
 * authentication on with a generated password (or {@code NEO4J_LAUNCHER_PASSWORD}), and one line
 * on stdout once it answers:
 *
 * <pre>READY bolt://127.0.0.1:PORT user=neo4j password=PASSWORD pid=PID</pre>
 *
 * {@code --conf name=value} (repeatable) passes any other Neo4j setting, e.g.
 * {@code --conf dbms.cypher.min_replan_interval=1h}.
 *
 * SIGTERM (or Ctrl-C) shuts the database down cleanly and deletes a temporary data folder.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path data = null;
        int port = 0;
        StringBuilder conf = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--conf" -> conf.append(args[++i]).append('\n');
                default -> {
                    System.err.println("usage: Launcher [--data DIR] [--port N] [--conf name=value ...]");
                    System.exit(2);
                }
            }
        }
        boolean temporary = data == null;
        Path home = temporary ? Files.createTempDirectory("neo4j-launcher-") : data.toAbsolutePath();
        String password = System.getenv().getOrDefault("NEO4J_LAUNCHER_PASSWORD", generatedPassword());

        Path confFile = home.resolve("launcher.conf");
        Files.writeString(confFile, conf.toString());
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(confFile)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // a small machine shared with others: a small page cache, short checkpoints
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            if (temporary) {
                deleteTree(home);
            }
        }, "neo4j-launcher-shutdown"));

        // The documented initial password is set in the system database (what
        // `neo4j-admin dbms set-initial-password` does); embedded calls bypass authentication.
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int bound = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT).getPort();
        System.out.println("READY bolt://127.0.0.1:" + bound + " user=neo4j password=" + password
                + " pid=" + ProcessHandle.current().pid() + " home=" + home);
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until a signal runs the shutdown hook
    }

    private static String generatedPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder the system cleans anyway
        }
    }
}
