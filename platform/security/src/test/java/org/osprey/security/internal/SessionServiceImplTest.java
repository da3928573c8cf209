package org.osprey.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.MutableClock;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.Rights;
import org.osprey.api.security.Role;
import org.osprey.api.security.Session;
import org.osprey.api.security.Subject;

class SessionServiceImplTest {

    private final MutableClock clock = new MutableClock();
    private final AccountService accounts = mock(AccountService.class);
    private final SessionServiceImpl sessions;

    SessionServiceImplTest() throws Exception {
        SchedulerService schedulers = mock(SchedulerService.class);
        ScheduledExecutorService executor = mock(ScheduledExecutorService.class);
        when(schedulers.scheduler()).thenReturn(executor);
        when(executor.scheduleWithFixedDelay(any(), anyLong(), anyLong(), eq(TimeUnit.MINUTES))).thenReturn(null);
        Subject ann = new Subject("ann", Role.OPERATOR, Rights.NONE, "x");
        when(accounts.authenticate("ann", "pw", "x")).thenReturn(ann);
        when(accounts.subject(eq("ann"), any())).thenReturn(Optional.of(ann));
        sessions = new SessionServiceImpl(accounts, schedulers, new TestConfig(), clock);
    }

    @Test
    void aTokenStandsForItsUserUntilIdleForTooLong() throws Exception {
        Session session = sessions.login("ann", "pw", "x");
        assertThat(session.token()).hasSizeGreaterThanOrEqualTo(43);
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.resolve(session.token(), "y")).map(Subject::username).hasValue("ann");
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.resolve(session.token(), "y")).as("use extends the session").isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.resolve(session.token(), "y")).isEmpty();
    }

    @Test
    void sessionsEndAtTheirMaximumAgeOnLogoutAndForAllOfAUser() throws Exception {
        Session a = sessions.login("ann", "pw", "x");
        for (int i = 0; i < 25; i++) {
            clock.advance(Duration.ofMinutes(29));
            sessions.resolve(a.token(), "x");
        }
        assertThat(sessions.resolve(a.token(), "x")).as("12 h at most").isEmpty();

        Session b = sessions.login("ann", "pw", "x");
        Session c = sessions.login("ann", "pw", "x");
        sessions.logout(b.token());
        assertThat(sessions.resolve(b.token(), "x")).isEmpty();
        assertThat(sessions.resolve(c.token(), "x")).isPresent();
        sessions.logoutAll("ann");
        assertThat(sessions.resolve(c.token(), "x")).isEmpty();
        assertThat(sessions.resolve("made-up", "x")).isEmpty();
    }
}
