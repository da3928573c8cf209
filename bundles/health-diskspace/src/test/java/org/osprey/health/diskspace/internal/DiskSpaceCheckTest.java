package org.osprey.health.diskspace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.health.HealthStatus;

class DiskSpaceCheckTest {

    @TempDir
    Path dir;

    private DiskSpaceCheck check(String folder) {
        return new DiskSpaceCheck(new DiskSpaceCheck.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DiskSpaceCheck.Config.class;
            }

            @Override
            public String folder() {
                return folder;
            }

            @Override
            public int warningPercent() {
                return 10;
            }

            @Override
            public int criticalPercent() {
                return 3;
            }
        });
    }

    @Test
    void thresholdsGiveOkWarningAndCritical() {
        DiskSpaceCheck check = check(dir.toString());
        assertThat(check.evaluate(50, 100).status()).isEqualTo(HealthStatus.OK);
        assertThat(check.evaluate(5, 100).status()).isEqualTo(HealthStatus.WARNING);
        assertThat(check.evaluate(1, 100).status()).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void realFolderIsMeasured() {
        assertThat(check(dir.toString()).check().message()).startsWith(dir.toString()).contains("% free");
    }

    @Test
    void missingFolderIsCritical() {
        assertThat(check(dir.resolve("absent").toString()).check().status()).isEqualTo(HealthStatus.CRITICAL);
    }
}
