package org.osprey.security.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.AuthenticationException;
import org.osprey.api.security.Session;
import org.osprey.api.security.SessionService;
import org.osprey.api.security.Subject;

/**
 * Bearer sessions held in memory, keyed by the SHA-256 of their token so a heap dump does not hand out
 * live tokens. A restart ends every session; clients log in again.
 */
@Component(configurationPid = SecurityConfig.PID)
public class SessionServiceImpl implements SessionService {

    private record Open(String username, Instant created, Instant lastUsed) {
    }

    private final AccountService accounts;
    private final Clock clock;
    private final Duration idle;
    private final Duration maxAge;
    private final Map<String, Open> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledFuture<?> sweeper;

    @Activate
    public SessionServiceImpl(@Reference AccountService accounts, @Reference SchedulerService schedulers,
            SecurityConfig config) {
        this(accounts, schedulers, config, Clock.systemUTC());
    }

    SessionServiceImpl(AccountService accounts, SchedulerService schedulers, SecurityConfig config, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
        this.idle = Duration.ofMinutes(config.sessionIdleMinutes());
        this.maxAge = Duration.ofHours(config.sessionMaxHours());
        this.sweeper = schedulers.scheduler().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    @Deactivate
    void close() {
        sweeper.cancel(false);
        sessions.clear();
    }

    @Override
    public Session login(String username, String password, String source) throws AuthenticationException {
        Subject subject = accounts.authenticate(username, password, source);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        sessions.put(key(token), new Open(subject.username(), now, now));
        return new Session(token, subject, expiry(now, now));
    }

    @Override
    public Optional<Subject> resolve(String token, String source) {
        if (token == null) {
            return Optional.empty();
        }
        String key = key(token);
        Open open = sessions.get(key);
        Instant now = clock.instant();
        if (open == null || !expiry(open.created(), open.lastUsed()).isAfter(now)) {
            sessions.remove(key);
            return Optional.empty();
        }
        Optional<Subject> subject = accounts.subject(open.username(), source);
        if (subject.isEmpty()) {
            sessions.remove(key);
            return subject;
        }
        sessions.put(key, new Open(open.username(), open.created(), now));
        return subject;
    }

    @Override
    public void logout(String token) {
        if (token != null) {
            sessions.remove(key(token));
        }
    }

    @Override
    public void logoutAll(String username) {
        sessions.values().removeIf(open -> open.username().equals(username));
    }

    private Instant expiry(Instant created, Instant lastUsed) {
        Instant byIdle = lastUsed.plus(idle);
        Instant byAge = created.plus(maxAge);
        return byIdle.isBefore(byAge) ? byIdle : byAge;
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(open -> !expiry(open.created(), open.lastUsed()).isAfter(now));
    }

    private static String key(String token) {
        return AccountServiceImpl.hex("SHA-256", token);
    }
}
