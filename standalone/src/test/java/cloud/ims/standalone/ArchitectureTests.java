package cloud.ims.standalone;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries of DESIGN.md as tests over every IMS class: the domain knows neither the web nor Kafka nor the
 * wire format; the gateway and the two workers know nothing of each other; events are made in one place, for the
 * stores to record with the changes they report.
 */
class ArchitectureTests {

	private static final JavaClasses IMS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("cloud.ims");

	@Test
	void coreKnowsNeitherTheWebNorKafkaNorTheWireFormat() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("cloud.ims.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "reactor.netty..",
					"org.apache.kafka..", "org.springframework.kafka..", "org.apache.avro..", "cloud.ims.messages..",
					"cloud.ims.schemas..", "cloud.ims.messaging..", "cloud.ims.gateway..", "cloud.ims.imageworker..",
					"cloud.ims.provisioning..");
		rule.check(IMS);
	}

	@Test
	void theGatewayAndTheWorkersAreIndependentOfEachOther() {
		noClasses().that().resideInAPackage("cloud.ims.gateway..").should().dependOnClassesThat()
			.resideInAnyPackage("cloud.ims.imageworker..", "cloud.ims.provisioning..").check(IMS);
		noClasses().that().resideInAPackage("cloud.ims.imageworker..").should().dependOnClassesThat()
			.resideInAnyPackage("cloud.ims.gateway..", "cloud.ims.provisioning..").check(IMS);
		noClasses().that().resideInAPackage("cloud.ims.provisioning..").should().dependOnClassesThat()
			.resideInAnyPackage("cloud.ims.gateway..", "cloud.ims.imageworker..").check(IMS);
	}

	@Test
	void onlyMessagingMakesEventsTheStoresRecordWithEveryChange() {
		noClasses().that()
			.resideOutsideOfPackages("cloud.ims.messaging..", "cloud.ims.schemas..", "cloud.ims.messages..",
					"cloud.ims.standalone..")
			.should()
			.dependOnClassesThat()
			.haveNameMatching("cloud\\.ims\\.messages\\.\\w+Changed")
			.because("an event published beside its change, not recorded with it, can be lost or published alone")
			.check(IMS);
	}

}
