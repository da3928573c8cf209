package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Who may do what, proven against the running distribution: every operation of the OpenAPI document
 * without credentials and with a user who lacks the right, per-camera rights, lockout, the audit trail's
 * tamper evidence, and the vulnerability classes common to VMS and NVR products.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    private static final String OPERATOR = "operator-a";
    private static final String OPERATOR_PASSWORD = "operator-a-password";

    private OspreyServer server;
    private String cameraA;
    private String cameraB;

    @BeforeAll
    void start() throws Exception {
        server = OspreyServer.unpack("security");
        // Short back-off so the test can wait it out.
        server.configure("org.osprey.security.cfg", "lockoutThreshold", "3");
        server.configure("org.osprey.security.cfg", "lockoutSeconds", "2");
        server.start();
        assertThat(server.console("feature:install osprey-sample-device-dummy")).doesNotContain("Error");
        cameraA = addDevice("Camera A");
        cameraB = addDevice("Camera B");
        HttpResponse<String> added = server.post("/users", """
                {"name": "%s", "role": "OPERATOR", "password": "%s",
                 "rights": {"cameras": {"%s": ["ACCESS", "PLAYBACK"]}}}""".formatted(OPERATOR, OPERATOR_PASSWORD, cameraA));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    }

    private String addDevice(String name) throws Exception {
        HttpResponse<String> added = server.post("/devices", """
                {"name": "%s", "type": "sample.dummy", "configuration": {"address": "10.0.0.1"}}""".formatted(name));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        return json(added).get("id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String method, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.api(path));
        boolean body = method.equals("POST") || method.equals("PUT");
        return builder.header("Content-Type", "application/json")
                .method(method, body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    }

    @Test
    @Order(1)
    void everyDocumentedOperationRefusesAnonymousCallersAndUsersWithoutTheRight() throws Exception {
        JsonNode paths = json(server.anonymous(HttpRequest.newBuilder(server.api("/openapi.json")))).get("paths");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Iterator<String> it = paths.fieldNames(); it.hasNext();) {
            String template = it.next();
            // Operations address the camera the operator may not see, and a user who is not the operator.
            String path = template.replace("{id}", cameraB).replace("{name}", "admin");
            for (Iterator<Map.Entry<String, JsonNode>> ops = paths.get(template).fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!List.of("get", "put", "post", "delete", "patch").contains(op.getKey())) {
                    continue;
                }
                String method = op.getKey().toUpperCase(Locale.ROOT);
                String access = op.getValue().path("x-osprey-access").asText("");
                String what = method + " " + template + " (" + access + ")";
                checked++;
                if (access.isEmpty()) {
                    failures.add(what + ": declares no x-osprey-access");
                    continue;
                }
                int anonymous = server.anonymous(request(method, path)).statusCode();
                if (access.equals("public") ? anonymous == 401 || anonymous == 403 : anonymous != 401) {
                    failures.add(what + ": anonymous got " + anonymous);
                }
                HttpResponse<String> operator = server.anonymous(request(method, path)
                        .header("Authorization", basic(OPERATOR, OPERATOR_PASSWORD)));
                boolean mustRefuse = access.equals("administrator") || access.equals("camera") || access.equals("playback")
                        || access.equals("manual_recording")
                        || template.equals("/users/{name}/password");
                if (mustRefuse ? operator.statusCode() != 403 : operator.statusCode() == 401 || operator.statusCode() == 403) {
                    failures.add(what + ": operator without the right got " + operator.statusCode() + " " + operator.body());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(20);
        assertThat(server.get("/devices/" + cameraB).statusCode()).as("nothing was changed").isEqualTo(200);
        assertThat(server.get("/users/admin").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void anOperatorSeesOnlyTheCamerasItHasRightsFor() throws Exception {
        String token = server.login(OPERATOR, OPERATOR_PASSWORD);
        JsonNode list = json(server.as(token, HttpRequest.newBuilder(server.api("/devices"))));
        assertThat(list).extracting(d -> d.get("id").asText()).containsExactly(cameraA);
        assertThat(server.as(token, HttpRequest.newBuilder(server.api("/devices/" + cameraA))).statusCode()).isEqualTo(200);
        assertThat(server.as(token, HttpRequest.newBuilder(server.api("/devices/" + cameraA + "/status"))).statusCode())
                .isEqualTo(200);
        assertThat(server.as(token, HttpRequest.newBuilder(server.api("/devices/" + cameraB))).statusCode()).isEqualTo(403);
        assertThat(server.as(token, HttpRequest.newBuilder(server.api("/devices/" + cameraB + "/status"))).statusCode())
                .isEqualTo(403);
        assertThat(json(server.get("/devices"))).as("the administrator sees both").hasSize(2);

        // Digest works for the same account, as external systems use it.
        HttpResponse<String> challenge = server.anonymous(HttpRequest.newBuilder(server.api("/devices")));
        List<String> offered = challenge.headers().allValues("WWW-Authenticate");
        assertThat(offered).anyMatch(h -> h.startsWith("Digest") && h.contains("SHA-256"))
                .anyMatch(h -> h.startsWith("Basic"));
    }

    @Test
    @Order(3)
    void repeatedFailuresLockTheAccountAndLoginWorksAgainAfterTheBackOff() throws Exception {
        server.post("/users", """
                {"name": "lock-me", "role": "VIEWER", "password": "lock-me-password"}""");
        assertThat(loginStatus("lock-me", "wrong-password")).isEqualTo(401);
        assertThat(loginStatus("lock-me", "wrong-password")).isEqualTo(401);
        assertThat(loginStatus("lock-me", "wrong-password")).as("the failure that locks says so").isEqualTo(429);
        HttpResponse<String> locked = login("lock-me", "lock-me-password");
        assertThat(locked.statusCode()).as("locked even with the right password").isEqualTo(429);
        long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(server.anonymous(HttpRequest.newBuilder(server.api("/devices"))
                .header("Authorization", basic("lock-me", "lock-me-password"))).statusCode())
                .as("Basic is locked too").isEqualTo(429);
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(loginStatus("lock-me", "lock-me-password")).isEqualTo(200);
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return server.anonymous(HttpRequest.newBuilder(server.api("/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
    }

    private int loginStatus(String user, String password) throws Exception {
        return login(user, password).statusCode();
    }

    @Test
    @Order(4)
    void noStockCredentialsNoDatabaseConsoleAndNoCookies() throws Exception {
        for (String[] stock : new String[][] {{"karaf", "karaf"}, {"admin", "admin"}, {"admin", "karaf"},
                {"root", "root"}, {"admin", ""}}) {
            int status = server.anonymous(HttpRequest.newBuilder(server.api("/devices"))
                    .header("Authorization", basic(stock[0], stock[1]))).statusCode();
            assertThat(status).as(stock[0] + "/" + stock[1]).isIn(401, 429);
        }
        assertThat(server.consoleAs("karaf", "karaf", 1, "osprey:status")).doesNotContain("Version:");
        assertThat(Files.readAllLines(server.home.resolve("etc/users.properties")))
                .filteredOn(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("_g_"))
                .as("no Karaf console account").isEmpty();

        for (String path : List.of("/h2-console", "/h2", "/console", "/system/console", "/api/v1/h2-console")) {
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.httpsPort + path)));
            assertThat(response.statusCode()).as(path).isIn(401, 404);
        }
        for (String path : List.of("/system", "/system/status", "/plugins", "/openapi.json", "/users")) {
            assertThat(server.get(path).body().toLowerCase(Locale.ROOT)).as(path).doesNotContain("jdbc:")
                    .doesNotContain("password_hash").doesNotContain("pbkdf2");
        }

        // The wrong admin passwords above locked "admin" too: wait out the back-off.
        HttpResponse<String> login = login(OspreyServer.ADMIN, OspreyServer.PASSWORD);
        for (int i = 0; i < 50 && login.statusCode() == 429; i++) {
            Thread.sleep(200);
            login = login(OspreyServer.ADMIN, OspreyServer.PASSWORD);
        }
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).as("no cookie sessions, so no CSRF").isEmpty();
        assertThat(server.anonymous(HttpRequest.newBuilder(server.api("/devices"))
                .header("Cookie", "JSESSIONID=anything")).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(5)
    void clientInputNeverChoosesAJavaTypeAndNeverReachesSqlOrFiles() throws Exception {
        assertThat(server.post("/devices", """
                {"name": "x", "type": "sample.dummy", "@class": "java.net.URL", "configuration": {"address": "a"}}""")
                .statusCode()).isEqualTo(400);
        assertThat(server.post("/users", """
                {"name": "typed", "role": "VIEWER", "password": "typed-password-1",
                 "rights": ["java.util.HashMap", {"@type": "x"}]}""").statusCode()).isEqualTo(400);

        String injection = "x'); DROP TABLE osprey_account; --";
        assertThat(server.post("/users", "{\"name\": \"" + injection.replace("\"", "\\\"")
                + "\", \"role\": \"VIEWER\", \"password\": \"injection-pass-1\"}").statusCode()).isEqualTo(422);
        HttpResponse<String> odd = server.post("/users", "{\"name\": \"odd\", \"displayName\": \"" + injection
                + "\", \"role\": \"VIEWER\", \"password\": \"injection-pass-1\"}");
        assertThat(odd.statusCode()).as(odd.body()).isEqualTo(201);
        assertThat(json(server.get("/users/odd")).get("displayName").asText()).isEqualTo(injection);
        String devicePath = "/devices/" + URLEncoder.encode("' OR '1'='1", StandardCharsets.UTF_8);
        assertThat(server.get(devicePath).statusCode()).isEqualTo(404);
        JsonNode audit = json(server.get("/audit?user=" + URLEncoder.encode("' OR 1=1 --", StandardCharsets.UTF_8)));
        assertThat(audit).as("the filter is a value, not SQL").isEmpty();
        assertThat(json(server.get("/users"))).hasSizeGreaterThanOrEqualTo(3);

        for (String traversal : List.of("/users/..%2F..%2Fetc%2Fpasswd", "/devices/..%2Fusers", "/users/%2E%2E",
                "/devices/..;/users")) {
            int status = server.get(traversal).statusCode();
            assertThat(status).as(traversal).isBetween(400, 404);
        }

        String huge = "a".repeat(64 * 1024);
        HttpResponse<String> bigHeader = server.send(HttpRequest.newBuilder(server.api("/system/status"))
                .header("X-Padding", huge));
        assertThat(bigHeader.statusCode()).isBetween(400, 499);
        assertThat(server.get("/system/status").statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    @Order(6)
    void httpsByDefaultWithACertificateThatChainsToTheServersOwnAuthorityAndCanBePinned() throws Exception {
        X509Certificate served = servedCertificate();
        X509Certificate authority;
        try (var in = Files.newInputStream(server.caCertificate())) {
            authority = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(authority, null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(served)), pkix);

        String fingerprint = fingerprint(served);
        String published = json(server.anonymous(HttpRequest.newBuilder(server.api("/system"))))
                .get("certificateId").asText();
        assertThat(published).isEqualTo(fingerprint);
        assertThat(server.console("osprey:certificate")).contains(fingerprint);

        assertThat(pinnedClient(fingerprint).send(HttpRequest.newBuilder(server.api("/system")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String other = fingerprint(authority);
        assertThatThrownBy(() -> pinnedClient(other).send(HttpRequest.newBuilder(server.api("/system")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);

        HttpResponse<String> plain = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.plain("/api/v1/devices?x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as("plain HTTP only redirects").isEqualTo(308);
        assertThat(plain.headers().firstValue("Location")).hasValue(
                "https://127.0.0.1:" + server.httpsPort + "/api/v1/devices?x=1");
        assertThat(plain.body()).isEmpty();

        HttpResponse<String> renewed = server.post("/certificates/server/renew", "");
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        String newId = json(renewed).get("sha256Fingerprint").asText();
        assertThat(newId).isNotEqualTo(fingerprint);
        String served2 = "";
        for (int i = 0; i < 100 && !served2.equals(newId); i++) {
            Thread.sleep(100);
            try {
                served2 = fingerprint(servedCertificate());
            } catch (IOException e) {
                // The web server restarts with the new certificate: for a moment nothing listens.
            }
        }
        assertThat(served2).as("the renewed certificate is in service").isEqualTo(newId);
        assertThat(json(server.get("/system")).get("certificateId").asText()).isEqualTo(newId);
    }

    private X509Certificate servedCertificate() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        X509Certificate[][] seen = new X509Certificate[1][];
        trustAll.init(null, new TrustManager[] {new Pinning(null, seen)}, null);
        try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", server.httpsPort)) {
            socket.startHandshake();
        }
        return seen[0][0];
    }

    private static String fingerprint(X509Certificate certificate) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        StringBuilder b = new StringBuilder();
        for (byte x : digest) {
            b.append(b.length() == 0 ? "" : ":").append(String.format("%02X", x));
        }
        return b.toString();
    }

    private static HttpClient pinnedClient(String fingerprint) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new Pinning(fingerprint, new X509Certificate[1][])}, null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    /**
     * What a client does on first connection (SEC-14): trust exactly the certificate whose ID the user
     * compared, nothing else; with no pin it only records what it saw.
     */
    private static final class Pinning implements X509TrustManager {
        private final String pin;
        private final X509Certificate[][] seen;

        Pinning(String pin, X509Certificate[][] seen) {
            this.pin = pin;
            this.seen = seen;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            seen[0] = chain;
            try {
                if (pin != null && !fingerprint(chain[0]).equals(pin)) {
                    throw new CertificateException("certificate ID differs from the pinned one");
                }
            } catch (CertificateException e) {
                throw e;
            } catch (Exception e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Test
    @Order(7)
    void theAuditTrailRecordsLoginsAndChangesAndReportsAnEditedEntry() throws Exception {
        JsonNode logins = json(server.get("/audit?action=login"));
        assertThat(logins).anySatisfy(e -> assertThat(e.get("user").asText()).isEqualTo(OPERATOR));
        assertThat(json(server.get("/audit?action=login-failed"))).anySatisfy(
                e -> assertThat(e.get("user").asText()).isEqualTo("lock-me"));
        assertThat(json(server.get("/audit?action=configuration"))).anySatisfy(
                e -> assertThat(e.get("target").asText()).isEqualTo(cameraA));
        assertThat(json(server.get("/audit?action=user"))).anySatisfy(
                e -> assertThat(e.get("target").asText()).isEqualTo(OPERATOR));
        assertThat(json(server.get("/audit/verify")).get("intact").asBoolean()).isTrue();
        assertThat(server.console("osprey:audit-verify")).contains("intact");

        server.stop();
        String url = "jdbc:h2:file:" + server.home.resolve("data/osprey/osprey");
        try (Connection c = DriverManager.getConnection(url, "osprey", ""); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE osprey_audit SET details = 'nothing happened' WHERE seq = 3")).isEqualTo(1);
        }
        server.start();

        JsonNode verification = json(server.get("/audit/verify"));
        assertThat(verification.get("intact").asBoolean()).isFalse();
        assertThat(verification.get("firstBrokenSequence").asLong()).isEqualTo(3);
        assertThat(server.console("osprey:audit-verify")).contains("BROKEN at entry 3");
    }
}
