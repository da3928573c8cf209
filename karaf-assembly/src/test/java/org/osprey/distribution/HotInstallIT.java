package org.osprey.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventSubscriber;
import org.osprey.api.event.EventTopics;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.plugin.PluginKind;
import org.osprey.api.security.AccountKind;
import org.osprey.api.security.AccountRequest;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.Role;
import org.osprey.api.plugin.PluginRegistry;

/**
 * Hot install inside the real distribution: a plugin feature installed at runtime is announced by the
 * REST API and the console without a restart, and is gone after it is uninstalled, with the platform
 * still healthy, and an {@link EventSubscriber} registered as a service hears of both. The test methods
 * run inside the server, next to the services they check.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotInstallIT {

    private static final String HTTP_PORT = "osprey.it.httpPort";

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory sessions;

    @Inject
    private PluginRegistry plugins;

    @Inject
    private BundleContext context;

    @Inject
    private AccountService accounts;

    private static final String USER = "hot-install-it";
    private static final String PASSWORD = "hot-install-secret";

    @Configuration
    public Option[] configuration() throws IOException {
        String distribution = new File(System.getProperty("osprey.distribution",
                "target/org.osprey.distribution-0.1.0.tar.gz")).toURI().toString();
        String httpPort = Integer.toString(freePort());
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl(distribution).name("Osprey")
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
            editConfigurationFilePut("etc/org.osprey.certificates.cfg", "httpPort", httpPort),
            editConfigurationFilePut("etc/org.osprey.certificates.cfg", "httpsPort", Integer.toString(freePort())),
            // The development switch: this test is about plugins, so it talks plain HTTP on loopback.
            editConfigurationFilePut("etc/org.osprey.certificates.cfg", "allowPlainHttpOnLoopback", "true"),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
            systemProperty(HTTP_PORT).value(httpPort),
            // bin/karaf passes these to Java 17; Pax Exam starts the JVM itself and must pass them too.
            vmOptions("--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
                    "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    public void pluginFeaturesInstallAndUninstallAtRuntime() throws Exception {
        if (accounts.account(USER).isEmpty()) {
            accounts.add(new AccountRequest(USER, null, AccountKind.USER, Role.ADMINISTRATOR, null, null, true, PASSWORD));
        }
        assertFalse("the sample driver is not installed at boot", listed("sample.dummy"));
        List<OspreyEvent> events = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventSubscriber> subscription = context.registerService(EventSubscriber.class,
                events::add, new Hashtable<>(Map.of(EventSubscriber.TOPICS, "org/osprey/system/*")));

        features.installFeature("osprey-sample-device-dummy");
        features.installFeature("osprey-sample-trigger-interval");
        features.installFeature("osprey-sample-action-log");
        waitUntil("the samples are announced", () -> listed("sample.dummy") && listed("sample.interval")
                && listed("sample.log"));

        String rest = get("/plugins");
        assertTrue(rest, rest.contains("\"kind\":\"DEVICE_DRIVER\",\"id\":\"sample.dummy\""));
        assertTrue(rest, rest.contains("\"kind\":\"TRIGGER_TYPE\",\"id\":\"sample.interval\""));
        assertTrue(rest, rest.contains("\"kind\":\"ACTION_TYPE\",\"id\":\"sample.log\""));
        assertTrue(rest, rest.contains("\"bundle\":\"org.osprey.sample.device.dummy\",\"bundleVersion\":\"0.1.0\""));
        String console = execute("osprey:plugins");
        assertTrue(console, console.contains("sample.dummy") && console.contains("DEVICE_DRIVER")
                && console.contains("org.osprey.sample.device.dummy"));

        features.uninstallFeature("osprey-sample-device-dummy");
        features.uninstallFeature("osprey-sample-trigger-interval");
        features.uninstallFeature("osprey-sample-action-log");
        waitUntil("the samples are gone", () -> !listed("sample.dummy") && !listed("sample.interval")
                && !listed("sample.log"));
        assertFalse(get("/plugins").contains("sample.dummy"));
        assertFalse(execute("osprey:plugins").contains("sample.dummy"));

        waitUntil("plugin events reached the subscriber", () -> events.stream().anyMatch(e ->
                e.topic().equals(EventTopics.PLUGIN_REMOVED) && e.text(EventProperties.PLUGIN_ID).equals("sample.dummy")));
        assertTrue(events.stream().anyMatch(e -> e.topic().equals(EventTopics.PLUGIN_ADDED)
                && e.text(EventProperties.PLUGIN_ID).equals("sample.interval")
                && e.text(EventProperties.PLUGIN_KIND).equals("TRIGGER_TYPE")));
        subscription.unregister();

        String system = get("/system/status");
        assertTrue(system, system.contains("\"health\":\"OK\""));
        assertTrue(plugins.plugins().stream().anyMatch(p -> p.kind() == PluginKind.HEALTH_CHECK));
    }

    private boolean listed(String id) {
        try {
            return get("/plugins").contains("\"id\":\"" + id + "\"");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + System.getProperty(HTTP_PORT) + "/api/v1" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(System.in, out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
