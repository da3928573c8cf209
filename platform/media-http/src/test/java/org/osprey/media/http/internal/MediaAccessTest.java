package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osprey.api.security.CameraRight;
import org.osprey.api.security.Rights;
import org.osprey.api.security.Role;
import org.osprey.api.security.Subject;
import org.osprey.api.security.SystemRight;
import org.osprey.media.http.internal.MediaAccess.Endpoint;

/** The rights of the media endpoints, for each role and right that decides them. */
class MediaAccessTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    static Subject subject(Role role, Map<String, Set<CameraRight>> cameras, Set<SystemRight> system, int ageLimit) {
        return new Subject(role.name().toLowerCase(), role, new Rights(cameras, Set.of(), Map.of(), system, ageLimit, 0),
                "127.0.0.1");
    }

    private static final Subject ADMIN = subject(Role.ADMINISTRATOR, Map.of(), Set.of(), 5);
    private static final Subject OPERATOR = subject(Role.OPERATOR,
            Map.of("a", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK), "live-only", Set.of(CameraRight.ACCESS)),
            Set.of(SystemRight.SNAPSHOT), 0);
    private static final Subject VIEWER = subject(Role.VIEWER,
            Map.of("a", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK)), Set.of(SystemRight.SNAPSHOT), 0);

    @Test
    void withoutTheAuthenticationFiltersCallerNothingIsServed() {
        assertThatThrownBy(() -> MediaAccess.caller(null)).isInstanceOfSatisfying(MediaProblem.class,
                p -> assertThat(p.status).isEqualTo(401));
        assertThatThrownBy(() -> MediaAccess.caller("admin")).isInstanceOfSatisfying(MediaProblem.class,
                p -> assertThat(p.status).isEqualTo(401));
        assertThat(MediaAccess.caller(OPERATOR)).isSameAs(OPERATOR);
    }

    @Test
    void anOperatorGetsTheCamerasItHasRightsForAndNoOther() {
        for (Endpoint endpoint : Endpoint.values()) {
            assertThatCode(() -> MediaAccess.authorize(OPERATOR, "a", endpoint, false)).doesNotThrowAnyException();
            assertForbidden(OPERATOR, "b", endpoint, false);
        }
    }

    @Test
    void playbackAndRecordedSnapshotsNeedThePlaybackRight() {
        assertThatCode(() -> MediaAccess.authorize(OPERATOR, "live-only", Endpoint.LIVE, false))
                .doesNotThrowAnyException();
        assertThatCode(() -> MediaAccess.authorize(OPERATOR, "live-only", Endpoint.SNAPSHOT, false))
                .doesNotThrowAnyException();
        assertForbidden(OPERATOR, "live-only", Endpoint.PLAYBACK, false);
        assertForbidden(OPERATOR, "live-only", Endpoint.SNAPSHOT, true);
    }

    @Test
    void viewersWatchLiveAndTakeLiveSnapshotsButNeverSeeRecordings() {
        assertThatCode(() -> MediaAccess.authorize(VIEWER, "a", Endpoint.LIVE, false)).doesNotThrowAnyException();
        assertThatCode(() -> MediaAccess.authorize(VIEWER, "a", Endpoint.SNAPSHOT, false)).doesNotThrowAnyException();
        assertForbidden(VIEWER, "a", Endpoint.PLAYBACK, false);
        assertForbidden(VIEWER, "a", Endpoint.SNAPSHOT, true);
    }

    @Test
    void snapshotsNeedTheSnapshotRightExceptForAdministrators() {
        Subject noSnapshots = subject(Role.OPERATOR, Map.of("a", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK)),
                Set.of(), 0);
        assertForbidden(noSnapshots, "a", Endpoint.SNAPSHOT, false);
        assertForbidden(noSnapshots, "a", Endpoint.SNAPSHOT, true);
        assertThatCode(() -> MediaAccess.authorize(noSnapshots, "a", Endpoint.LIVE, false)).doesNotThrowAnyException();
        for (Endpoint endpoint : Endpoint.values()) {
            assertThatCode(() -> MediaAccess.authorize(ADMIN, "any", endpoint, true)).doesNotThrowAnyException();
        }
    }

    @Test
    void theRecordingAgeLimitRefusesOlderInstantsButNotNewerOnesAndNeverLimitsAdministrators() {
        Subject limited = subject(Role.OPERATOR, Map.of("a", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK)),
                Set.of(), 1);
        assertThatThrownBy(() -> MediaAccess.checkAge(limited, NOW.minus(Duration.ofSeconds(61)), NOW))
                .isInstanceOfSatisfying(MediaProblem.class, p -> assertThat(p.status).isEqualTo(403));
        assertThatCode(() -> MediaAccess.checkAge(limited, NOW.minus(Duration.ofSeconds(59)), NOW))
                .doesNotThrowAnyException();
        assertThat(MediaAccess.earliest(limited, NOW)).contains(NOW.minus(Duration.ofMinutes(1)));
        assertThatCode(() -> MediaAccess.checkAge(ADMIN, NOW.minus(Duration.ofDays(30)), NOW)).doesNotThrowAnyException();
        assertThat(MediaAccess.earliest(ADMIN, NOW)).isEmpty();
        assertThat(MediaAccess.earliest(OPERATOR, NOW)).as("0 means no limit").isEmpty();
    }

    private static void assertForbidden(Subject subject, String camera, Endpoint endpoint, boolean recorded) {
        assertThatThrownBy(() -> MediaAccess.authorize(subject, camera, endpoint, recorded))
                .as(subject.username() + " " + endpoint + " " + camera + (recorded ? " recorded" : ""))
                .isInstanceOfSatisfying(MediaProblem.class, p -> assertThat(p.status).isEqualTo(403));
    }
}
