package org.osprey.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.MutableClock;

/** Digest answers computed as a client does (RFC 7616), against the server's check. */
class DigestVerifierTest {

    private final MutableClock clock = new MutableClock();
    private final DigestVerifier digest = new DigestVerifier(clock);
    private final String ha1Sha = AccountServiceImpl.digestKey("SHA-256", "eve", "eves-password");
    private final String ha1Md5 = AccountServiceImpl.digestKey("MD5", "eve", "eves-password");

    private Optional<String> key(String user, String algorithm) {
        return "eve".equals(user) ? Optional.of(algorithm.equals("MD5") ? ha1Md5 : ha1Sha) : Optional.empty();
    }

    private String answer(String challenge, String algorithm, String ha1, String method, String uri) {
        String nonce = DigestVerifier.parse(challenge).get("nonce");
        String ha2 = AccountServiceImpl.hex(algorithm, method + ":" + uri);
        String response = AccountServiceImpl.hex(algorithm, ha1 + ":" + nonce + ":00000001:abc123:auth:" + ha2);
        return "username=\"eve\", realm=\"Osprey\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", qop=auth, "
                + "nc=00000001, cnonce=\"abc123\", response=\"" + response + "\", algorithm=" + algorithm;
    }

    @Test
    void correctAnswersWithEitherAlgorithmAreAccepted() {
        var challenges = digest.challenges(false);
        assertThat(challenges).hasSize(2);
        assertThat(challenges.get(0)).contains("algorithm=SHA-256").contains("realm=\"Osprey\"");
        String sha = answer(challenges.get(0).substring(7), "SHA-256", ha1Sha, "GET", "/api/v1/devices?x=1");
        assertThat(digest.verify(sha, "GET", "/api/v1/devices?x=1", this::key).outcome())
                .isEqualTo(DigestVerifier.Outcome.VALID);
        String md5 = answer(challenges.get(1).substring(7), "MD5", ha1Md5, "POST", "/api/v1/devices");
        assertThat(digest.verify(md5, "POST", "/api/v1/devices", this::key).outcome())
                .isEqualTo(DigestVerifier.Outcome.VALID);
    }

    @Test
    void wrongPasswordOtherUriOrOldNonceAreRefused() {
        String challenge = digest.challenges(false).get(0).substring(7);
        String wrongKey = AccountServiceImpl.digestKey("SHA-256", "eve", "guess");
        assertThat(digest.verify(answer(challenge, "SHA-256", wrongKey, "GET", "/api/v1/users"), "GET",
                "/api/v1/users", this::key).outcome()).isEqualTo(DigestVerifier.Outcome.WRONG);
        assertThat(digest.verify(answer(challenge, "SHA-256", ha1Sha, "GET", "/api/v1/users"), "GET",
                "/api/v1/audit", this::key).outcome()).isEqualTo(DigestVerifier.Outcome.MALFORMED);
        String valid = answer(challenge, "SHA-256", ha1Sha, "GET", "/api/v1/users");
        clock.advance(DigestVerifier.NONCE_LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(digest.verify(valid, "GET", "/api/v1/users", this::key).outcome())
                .isEqualTo(DigestVerifier.Outcome.STALE);
    }

    @Test
    void forgedNoncesAndHeadersWithoutTheRequiredPartsAreRefused() {
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString((clock.millis() + ":forged").getBytes());
        String header = answer("nonce=\"" + forged + "\"", "SHA-256", ha1Sha, "GET", "/x");
        assertThat(digest.verify(header, "GET", "/x", this::key).outcome()).isEqualTo(DigestVerifier.Outcome.STALE);
        assertThat(digest.verify("username=\"eve\"", "GET", "/x", this::key).outcome())
                .isEqualTo(DigestVerifier.Outcome.MALFORMED);
        assertThat(DigestVerifier.parse("a=\"x\\\"y\", b=2")).isEqualTo(Map.of("a", "x\"y", "b", "2"));
    }
}
