package org.osprey.media.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osprey.api.security.CameraRight;
import org.osprey.api.security.Subject;
import org.osprey.api.security.SystemRight;

/**
 * Who may watch what. Checked before anything of the request is parsed or looked up, so a caller without
 * the right learns nothing, not even whether the camera exists or its parameters would have been valid.
 *
 * <ul>
 * <li>live: {@link CameraRight#ACCESS} on the camera;</li>
 * <li>playback: {@link CameraRight#PLAYBACK} on the camera (never for viewers), and nothing older than the
 * user's recording age limit (USR-08);</li>
 * <li>snapshot: what the picture's source needs (live: access, recorded: playback and the age limit), and
 * for everybody but administrators the system right {@link SystemRight#SNAPSHOT} too, since a snapshot is a
 * copy of the picture that leaves the server (LV-13 asks for the <em>Take snapshots</em> right).</li>
 * </ul>
 */
final class MediaAccess {

    /** The three media endpoints. */
    enum Endpoint {
        LIVE, PLAYBACK, SNAPSHOT
    }

    private MediaAccess() {
    }

    /**
     * The caller the authentication filter left in the request. Fails closed: without the filter there is
     * no caller, and nothing is served.
     */
    static Subject caller(Object attribute) {
        if (attribute instanceof Subject subject) {
            return subject;
        }
        throw MediaProblem.unauthorized();
    }

    /**
     * Checks the rights on the camera.
     *
     * @param recorded whether the picture comes from the recordings (always for playback)
     */
    static void authorize(Subject subject, String cameraId, Endpoint endpoint, boolean recorded) {
        boolean fromRecordings = endpoint == Endpoint.PLAYBACK || recorded;
        if (!subject.may(cameraId, CameraRight.ACCESS)) {
            throw MediaProblem.forbidden("You have no right to this camera");
        }
        if (fromRecordings && !subject.may(cameraId, CameraRight.PLAYBACK)) {
            throw MediaProblem.forbidden("You have no right to this camera's recordings");
        }
        if (endpoint == Endpoint.SNAPSHOT && !subject.may(SystemRight.SNAPSHOT)) {
            throw MediaProblem.forbidden("You have no right to take snapshots");
        }
    }

    /** The oldest instant of the recordings the caller may see, when it is limited (USR-08). */
    static Optional<Instant> earliest(Subject subject, Instant now) {
        int limit = subject.isAdministrator() ? 0 : subject.rights().recordingAgeLimitMinutes();
        return limit > 0 ? Optional.of(now.minus(Duration.ofMinutes(limit))) : Optional.empty();
    }

    /** Refuses an instant older than the caller's recording age limit. */
    static void checkAge(Subject subject, Instant at, Instant now) {
        Optional<Instant> earliest = earliest(subject, now);
        if (earliest.isPresent() && at.isBefore(earliest.get())) {
            throw MediaProblem.forbidden("Recordings older than " + subject.rights().recordingAgeLimitMinutes()
                    + " minutes are not available to you");
        }
    }
}
