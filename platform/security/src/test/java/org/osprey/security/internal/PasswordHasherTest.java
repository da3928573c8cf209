package org.osprey.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void verifiesOnlyTheRightPasswordAndSaltsEveryHash() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash);
    }

    @Test
    void malformedOrForeignHashesNeverVerify() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "md5$abc")).isFalse();
        assertThat(hasher.verify("x", "pbkdf2-sha256$10$!!!$???")).isFalse();
    }

    @Test
    void theDefaultStrengthFollowsOwasp() {
        assertThat(PasswordHasher.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
        assertThat(new PasswordHasher(2000).needsRehash(hasher.hash("abc"))).isTrue();
    }
}
