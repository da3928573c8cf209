package org.osprey.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of accounts, lockout and sessions, under the PID {@code org.osprey.security}. */
@ObjectClassDefinition(name = "Osprey security", description = "Passwords, lockout and sessions")
public @interface SecurityConfig {

    /** The configuration PID shared by the security components. */
    String PID = "org.osprey.security";

    @AttributeDefinition(name = "PBKDF2 iterations", min = "100000")
    int passwordIterations() default PasswordHasher.DEFAULT_ITERATIONS;

    @AttributeDefinition(name = "Minimum password length", min = "8", max = "128")
    int minimumPasswordLength() default 10;

    @AttributeDefinition(name = "Failed logins before lockout", min = "1", max = "100")
    int lockoutThreshold() default 5;

    @AttributeDefinition(name = "First lockout (s)", description = "Doubles with every further failure", min = "1")
    int lockoutSeconds() default 30;

    @AttributeDefinition(name = "Longest lockout (s)", min = "1")
    int lockoutMaxSeconds() default 900;

    @AttributeDefinition(name = "Session idle timeout (min)", min = "1", max = "1440")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(name = "Session maximum age (h)", min = "1", max = "168")
    int sessionMaxHours() default 12;
}
