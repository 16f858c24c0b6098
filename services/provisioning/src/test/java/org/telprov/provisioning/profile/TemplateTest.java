package org.telprov.provisioning.profile;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {

    @Test
    void aValueIsSplitIntoTextAndReferencesInOrder() {
        Template template = Template.parse("sip:{{setting.sip_user}}@{{setting.sip_domain|pbx.example.com}}");

        assertThat(template.parts()).containsExactly(
                new Template.Text("sip:"),
                new Template.Reference(Template.Source.SETTING, "sip_user", null),
                new Template.Text("@"),
                new Template.Reference(Template.Source.SETTING, "sip_domain", "pbx.example.com"));
        assertThat(template.settings()).containsExactly("sip_user", "sip_domain");
        assertThat(template.references()).extracting(Template.Reference::key)
                .containsExactly("setting.sip_user", "setting.sip_domain");
    }

    @Test
    void eachSettingIsNamedOnceInOrderOfAppearance() {
        assertThat(Template.parse("{{setting.b}}{{setting.a}}{{setting.b}}{{device.mac}}").settings())
                .containsExactly("b", "a");
    }

    @Test
    void whitespaceAroundAReferenceAndItsDefaultIsIgnored() {
        Template template = Template.parse("{{  setting.sip_user  }}/{{ device.serial | none }}");

        assertThat(template.references()).containsExactly(
                new Template.Reference(Template.Source.SETTING, "sip_user", null),
                new Template.Reference(Template.Source.DEVICE, "serial", "none"));
    }

    @Test
    void anEmptyDefaultIsADefault() {
        Template template = Template.parse("x{{setting.suffix|}}");

        assertThat(template.references().get(0).fallback()).isEmpty();
        assertThat(template.render(r -> null)).isEqualTo("x");
    }

    @Test
    void deviceFactsAndTheTenantIdAreReferences() {
        assertThat(Template.parse("{{device.mac}}{{device.serial}}{{device.model}}{{device.vendor}}{{tenant.id}}")
                .references()).extracting(Template.Reference::key)
                .containsExactly("device.mac", "device.serial", "device.model", "device.vendor", "tenant.id");
    }

    @Test
    void anUnknownSourceIsRefused() {
        assertThatThrownBy(() -> Template.parse("a{{profile.name}}"))
                .isInstanceOf(Template.SyntaxException.class)
                .hasMessageContaining("at character 2");
    }

    @Test
    void anUnknownFactIsRefused() {
        assertThatThrownBy(() -> Template.parse("{{device.ip}}"))
                .isInstanceOf(Template.SyntaxException.class).hasMessageContaining("unknown fact 'device.ip'");
        assertThatThrownBy(() -> Template.parse("{{tenant.name}}"))
                .isInstanceOf(Template.SyntaxException.class).hasMessageContaining("unknown fact 'tenant.name'");
    }

    @Test
    void anUnclosedReferenceIsRefusedWhereItOpens() {
        Template.SyntaxException e = org.junit.jupiter.api.Assertions.assertThrows(Template.SyntaxException.class,
                () -> Template.parse("ok {{setting.a}} then {{setting.b"));

        assertThat(e.offset()).isEqualTo(22);
        assertThat(e.getMessage()).contains("'{{' without its '}}'");
    }

    @Test
    void anEmptyReferenceOrABadSettingNameIsRefused() {
        assertThatThrownBy(() -> Template.parse("{{}}")).isInstanceOf(Template.SyntaxException.class);
        assertThatThrownBy(() -> Template.parse("{{setting.}}")).isInstanceOf(Template.SyntaxException.class);
        assertThatThrownBy(() -> Template.parse("{{setting.-a}}")).isInstanceOf(Template.SyntaxException.class);
    }

    @Test
    void aDefaultCannotHoldAReference() {
        assertThatThrownBy(() -> Template.parse("{{setting.a|{{setting.b}}}}"))
                .isInstanceOf(Template.SyntaxException.class);
    }

    @Test
    void aSingleBraceOrAClosingPairAloneIsText() {
        assertThat(Template.isTemplate("{a} b}}")).isFalse();
        assertThat(Template.parse("{a} b}}").parts()).containsExactly(new Template.Text("{a} b}}"));
    }

    @Test
    void aStoredValueThatDoesNotParseStaysLiteralText() {
        assertThat(Template.lenient("legacy {{not a reference")).isEmpty();
        assertThat(Template.lenient("plain")).isEmpty();
        assertThat(Template.lenient("{{setting.a}}")).hasValueSatisfying(
                t -> assertThat(t.settings()).containsExactly("a"));
    }

    @Test
    void renderingInsertsValuesAsTheyAre() {
        Map<String, String> values = Map.of("setting.user", "<&\"'>", "device.mac", "0011223344ff");

        assertThat(Template.parse("{{setting.user}}@{{device.mac}}").render(r -> values.get(r.key())))
                .isEqualTo("<&\"'>@0011223344ff");
    }

    @Test
    void aValueMissingFallsBackToItsDefault() {
        assertThat(Template.parse("{{setting.domain|pbx.example.com}}").render(r -> null)).isEqualTo("pbx.example.com");
        assertThat(Template.parse("{{setting.domain|pbx.example.com}}").render(r -> "sip.example.org"))
                .isEqualTo("sip.example.org");
    }

    @Test
    void aValueMissingWithoutDefaultLeavesTheTemplateUnrendered() {
        assertThat(Template.parse("a{{setting.user}}b{{setting.domain|d}}").render(r -> null)).isNull();
    }
}
