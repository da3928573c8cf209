package org.osprey.api.security;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rights of a user or group. Rights of a user and all its groups add up (USR-04).
 *
 * @param cameras                    rights per camera id
 * @param views                      view ids the user may open
 * @param io                         rights per I/O port id
 * @param system                     system rights
 * @param recordingAgeLimitMinutes   recordings older than this are hidden; 0 means no limit (USR-08)
 * @param ptzPriority                PTZ priority, 1 highest, 0 none (USR-05)
 */
public record Rights(Map<String, Set<CameraRight>> cameras, Set<String> views, Map<String, Set<IoRight>> io,
        Set<SystemRight> system, int recordingAgeLimitMinutes, int ptzPriority) {

    /** No rights at all. */
    public static final Rights NONE = new Rights(Map.of(), Set.of(), Map.of(), Set.of(), 0, 0);

    /** Copies the collections and checks the numbers. */
    public Rights {
        cameras = cameras == null ? Map.of() : Map.copyOf(cameras);
        cameras.values().forEach(set -> {
            if (set == null) {
                throw new IllegalArgumentException("camera rights must not be null");
            }
        });
        cameras = copyValues(cameras);
        views = views == null ? Set.of() : Set.copyOf(views);
        io = io == null ? Map.of() : copyValues(Map.copyOf(io));
        system = system == null ? Set.of() : Set.copyOf(system);
        if (recordingAgeLimitMinutes < 0 || ptzPriority < 0) {
            throw new IllegalArgumentException("limits and priorities are 0 or more");
        }
    }

    private static <K, V> Map<K, Set<V>> copyValues(Map<K, Set<V>> map) {
        Map<K, Set<V>> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return Map.copyOf(copy);
    }

    /**
     * The union of two sets of rights. For the recording age limit the more generous wins (0, no
     * limit, beats every limit); for PTZ the higher priority (lower non-zero number) wins.
     */
    public Rights union(Rights other) {
        Map<String, Set<CameraRight>> cams = new HashMap<>();
        cameras.forEach((k, v) -> cams.computeIfAbsent(k, x -> EnumSet.noneOf(CameraRight.class)).addAll(v));
        other.cameras.forEach((k, v) -> cams.computeIfAbsent(k, x -> EnumSet.noneOf(CameraRight.class)).addAll(v));
        Map<String, Set<IoRight>> ports = new HashMap<>();
        io.forEach((k, v) -> ports.computeIfAbsent(k, x -> EnumSet.noneOf(IoRight.class)).addAll(v));
        other.io.forEach((k, v) -> ports.computeIfAbsent(k, x -> EnumSet.noneOf(IoRight.class)).addAll(v));
        Set<String> allViews = new java.util.HashSet<>(views);
        allViews.addAll(other.views);
        Set<SystemRight> allSystem = EnumSet.noneOf(SystemRight.class);
        allSystem.addAll(system);
        allSystem.addAll(other.system);
        int limit = recordingAgeLimitMinutes == 0 || other.recordingAgeLimitMinutes == 0 ? 0
                : Math.max(recordingAgeLimitMinutes, other.recordingAgeLimitMinutes);
        int priority = ptzPriority == 0 ? other.ptzPriority
                : other.ptzPriority == 0 ? ptzPriority : Math.min(ptzPriority, other.ptzPriority);
        return new Rights(cams, allViews, ports, allSystem, limit, priority);
    }
}
