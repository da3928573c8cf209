package org.osprey.device.simulator.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.PacketSink;
import org.osprey.sdk.test.TestDeviceContext;

/**
 * Measures the CPU one simulated camera costs: runs cameras with a subscriber for a while and divides
 * the process's CPU time by the wall time and the number of cameras, after an equal stretch of the same
 * cameras idle (nobody subscribed) as the baseline. Not a unit test; run it by hand with the test class
 * path: {@code java -cp ... org.osprey.device.simulator.internal.SimulatorCpuMeasurement [cameras] [seconds]}.
 */
public final class SimulatorCpuMeasurement {

    private SimulatorCpuMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<TestDeviceContext> contexts = new ArrayList<>();
        List<SimulatorHandler> handlers = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            Map<String, Object> configuration = Map.of("regions", "2x2");
            TestDeviceContext context = new TestDeviceContext(SimulatorDriver.TYPE_ID, configuration);
            SimulatorHandler handler = new SimulatorHandler(context, SimulatorSettings.from(configuration),
                    SimulatorHandler::wallClockMicros, disposed -> { });
            handler.initialize();
            contexts.add(context);
            handlers.add(handler);
        }
        Thread.sleep(3_000);
        double idle = cpuShare(os, seconds);

        AtomicLong bytes = new AtomicLong();
        AtomicLong frames = new AtomicLong();
        PacketSink sink = new PacketSink() {
            @Override
            public void streamStarted(List<CodecParameters> streams) {
            }

            @Override
            public void packet(MediaPacket packet) {
                bytes.addAndGet(packet.size());
                frames.incrementAndGet();
            }

            @Override
            public void streamStopped(String reason) {
            }
        };
        handlers.forEach(h -> h.mediaSource().orElseThrow().subscribe(SimulatorHandler.STREAM, sink));
        Thread.sleep(3_000);
        long bytesBefore = bytes.get();
        long framesBefore = frames.get();
        double busy = cpuShare(os, seconds);
        long sent = bytes.get() - bytesBefore;
        long made = frames.get() - framesBefore;

        System.out.printf("%d cameras, %d s each phase, %d cores%n", cameras, seconds, os.getAvailableProcessors());
        System.out.printf("idle (no subscriber): %.2f %% of one core in total%n", idle * 100);
        System.out.printf("encoding: %.2f %% of one core in total, %.2f %% per camera above idle%n", busy * 100,
                (busy - idle) * 100 / cameras);
        System.out.printf("%.1f fps per camera, %.0f kbit/s per camera%n", made / (double) seconds / cameras,
                sent * 8 / 1000.0 / seconds / cameras);
        handlers.forEach(SimulatorHandler::dispose);
        contexts.forEach(TestDeviceContext::close);
    }

    /** The process's CPU time over a stretch of wall time, as a share of one core. */
    private static double cpuShare(com.sun.management.OperatingSystemMXBean os, int seconds) throws Exception {
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        return (double) (os.getProcessCpuTime() - cpu) / (System.nanoTime() - wall);
    }
}
