package org.kycorchestrator.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker and controller in one
 * process), running inside this JVM.
 *
 * <p>The storage is formatted with Kafka's own {@link Formatter} and the server is Kafka's own
 * {@link KafkaRaftServer}: nothing is mocked. {@code kafka.Kafka.main} and {@code StorageTool.main}
 * are deliberately not used because they call {@code System.exit}. Formatting is skipped when the
 * log directory already holds a formatted cluster, so a restart on the same directory keeps every
 * record. A fatal fault of the broker is handled by {@link BrokerTermination}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDir;
    private final int port;
    private KafkaRaftServer server;

    /**
     * @param dataDir the directory that holds the broker's logs; created when missing
     * @param port the client port; 0 picks a free one
     */
    public EmbeddedKafkaBroker(final Path dataDir, final int port) {
        Objects.requireNonNull(dataDir, "dataDir cannot be null");
        this.logDir = dataDir.resolve("kafka").toAbsolutePath();
        this.port = port == 0 ? freePort() : port;
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's log directory " + logDir, e);
        }
        final int controllerPort = freePortOtherThan(port);
        final Properties props = brokerProperties(controllerPort);
        format(props);
        BrokerTermination.install();
        final KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
        LOG.info("Embedded Kafka broker listening on {} with data in {}", bootstrapServers(), logDir);
        return this;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker and waits until it has released its ports and files. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        final KafkaRaftServer stopping = server;
        BrokerTermination.whileStopping(() -> {
            stopping.shutdown();
            stopping.awaitShutdown();
        });
        server = null;
        LOG.info("Embedded Kafka broker on port {} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    private Properties brokerProperties(final int controllerPort) {
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        // One node: every internal topic must live with a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // A laptop has one consumer per group most of the time; waiting for more only slows start-up.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return props;
    }

    private void format(final Properties props) {
        final Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(NODE_ID)
                .setClusterId(existingClusterId().orElseGet(() -> Uuid.randomUuid().toString()))
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setIgnoreFormatted(true);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker's storage in " + logDir, e);
        }
    }

    /** The formatter refuses a second id for a formatted directory, so a restart reuses the first. */
    private Optional<String> existingClusterId() {
        final Path metaProperties = logDir.resolve("meta.properties");
        if (!Files.exists(metaProperties)) {
            return Optional.empty();
        }
        final Properties meta = new Properties();
        try (var in = Files.newInputStream(metaProperties)) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metaProperties, e);
        }
        return Optional.ofNullable(meta.getProperty("cluster.id"));
    }

    /**
     * A free port for the controller that is not the client port: a port just given back (the
     * client port a caller picked the same way, say) may well be handed out again at once, and two
     * listeners on one port make the broker fail to start.
     */
    private static int freePortOtherThan(final int taken) {
        int candidate = freePort();
        while (candidate == taken) {
            candidate = freePort();
        }
        return candidate;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
