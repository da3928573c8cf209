package org.osprey.security.internal;

import java.lang.annotation.Annotation;

/** Security settings for tests: few PBKDF2 iterations so tests stay fast, the defaults otherwise. */
class TestConfig implements SecurityConfig {

    @Override
    public Class<? extends Annotation> annotationType() {
        return SecurityConfig.class;
    }

    @Override
    public int passwordIterations() {
        return 1000;
    }

    @Override
    public int minimumPasswordLength() {
        return 10;
    }

    @Override
    public int lockoutThreshold() {
        return 3;
    }

    @Override
    public int lockoutSeconds() {
        return 30;
    }

    @Override
    public int lockoutMaxSeconds() {
        return 100;
    }

    @Override
    public int sessionIdleMinutes() {
        return 30;
    }

    @Override
    public int sessionMaxHours() {
        return 12;
    }
}
