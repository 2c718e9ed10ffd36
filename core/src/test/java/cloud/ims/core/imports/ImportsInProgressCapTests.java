package cloud.ims.core.imports;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportsInProgressCapTests {

	private final ImportsInProgressCap cap = new ImportsInProgressCap(5);

	@Test
	void admitsImportsBelowTheCap() {
		assertThatCode(() -> this.cap.admit("p1", 0)).doesNotThrowAnyException();
		assertThatCode(() -> this.cap.admit("p1", 4)).doesNotThrowAnyException();
	}

	@Test
	void refusesTheImportThatWouldPassTheCapWithAQuotaErrorThatSaysWhatToDo() {
		assertThatThrownBy(() -> this.cap.admit("p1", 5)).isInstanceOfSatisfying(ImsException.class, (refused) -> {
			assertThat(refused.kind()).isEqualTo(Kind.QUOTA);
			assertThat(refused.code()).isEqualTo("IMG.0419");
		})
			.hasMessageContaining("5 imports in progress")
			.hasMessageContaining("ims.quota.imports-in-progress")
			.hasMessageContaining("Wait until one of them ends");
	}

	@Test
	void needsRoomForOneImportAtLeast() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ImportsInProgressCap(0))
			.withMessageContaining("ims.quota.imports-in-progress");
	}

}
