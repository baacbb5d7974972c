package dev.gpunotebook.core.diagnose.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Nested
    @DisplayName("parsing")
    class Parsing {
        @Test
        void parse_whenObjectWithEveryKindOfValue_yieldsJavaValues() {
            Object value = Json.parse(" {\"a\": \"x\\ny\", \"b\": [1, 2.5, true, null], \"c\": {}, \"d\": \"\\u00e9\"} ");

            assertThat(value).isEqualTo(Map.of("a", "x\ny", "b", java.util.Arrays.asList(new BigDecimal("1"),
                    new BigDecimal("2.5"), true, null), "c", Map.of(), "d", "é"));
        }

        @Test
        void parse_whenTextFollowsTheValue_saysWhere() {
            assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("character 4");
        }

        @Test
        void parse_whenStringIsUnterminated_isRefused() {
            assertThatThrownBy(() -> Json.parse("{\"a\": \"b}")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void parse_whenEmptyArray_yieldsEmptyList() {
            assertThat(Json.parse("[]")).isEqualTo(List.of());
        }
    }

    @Nested
    @DisplayName("quoting")
    class Quoting {
        @Test
        void quote_whenSpecialCharacters_escapesThem() {
            assertThat(Json.quote("a\"b\\c\nd\te\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\\u2028\"");
        }

        @Test
        void quote_whenNull_writesNull() {
            assertThat(Json.quote(null)).isEqualTo("null");
        }

        @Test
        void quote_whenParsedBack_givesTheSameString() {
            String text = "ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"alice\"}\r\n\u00e9\u0007/";

            assertThat(Json.parse(Json.quote(text))).isEqualTo(text);
        }
    }
}
