package dev.gpunotebook.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Nested
    @DisplayName("reading")
    class Parsing {
        @Test
        void read_whenObjectWithEveryKindOfValue_yieldsJavaValues() {
            JsonNode value = Json.read(" {\"a\": \"x\\ny\", \"b\": [1, 2.5, true, null], \"c\": {}, \"d\": \"\\u00e9\"} ");

            assertThat(value.get("a").textValue()).isEqualTo("x\ny");
            assertThat(Arrays.asList(value.get("b").get(0).decimalValue(), value.get("b").get(1).decimalValue(),
                    value.get("b").get(2).booleanValue(), value.get("b").get(3).isNull()))
                    .isEqualTo(List.of(new BigDecimal("1"), new BigDecimal("2.5"), true, true));
            assertThat(value.get("c").isObject() && value.get("c").isEmpty()).isTrue();
            assertThat(value.get("d").textValue()).isEqualTo("é");
        }

        @Test
        void read_whenTextFollowsTheValue_saysWhere() {
            assertThatThrownBy(() -> Json.read("{} x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 1, column 4").hasMessageNotContaining("\n");
        }

        @Test
        void read_whenASecondValueFollows_saysWhereItStarts() {
            assertThatThrownBy(() -> Json.read("{\"a\": 1} {\"b\": 2}")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unexpected text after the JSON value at line 1, column 10");
        }

        @Test
        void read_whenStringIsUnterminated_isRefused() {
            assertThatThrownBy(() -> Json.read("{\"a\": \"b}")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void read_whenEmptyArray_yieldsEmptyArray() {
            assertThat(Json.read("[]").isArray() && Json.read("[]").isEmpty()).isTrue();
        }

        @Test
        void read_whenTextIsEmptyOrNull_isRefused() {
            assertThatThrownBy(() -> Json.read("  ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Json.read(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("writing strings")
    class Quoting {
        @Test
        void write_whenSpecialCharacters_escapesThem() {
            assertThat(Json.write("a\"b\\c\nd\te\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\\u2028\"");
        }

        @Test
        void write_whenNull_writesNull() {
            assertThat(Json.write(null)).isEqualTo("null");
        }

        @Test
        void write_whenReadBack_givesTheSameString() {
            String text = "ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"alice\"}\r\n\u00e9\u0007/";

            assertThat(Json.read(Json.write(text)).textValue()).isEqualTo(text);
        }
    }

    @Nested
    class PrettyJsonLooksAsTheFrontEndsAlwaysWroteIt {
        private final Map<String, Object> document = new LinkedHashMap<>();

        PrettyJsonLooksAsTheFrontEndsAlwaysWroteIt() {
            document.put("name", "alice");
            document.put("url", null);
            document.put("html", "<a href=\"x\">&</a>");
            document.put("changes", List.of());
            document.put("cost", Map.of());
            document.put("subnets", List.of(Map.of("id", "subnet-1")));
        }

        @Test
        void pretty_whenMapHoldsNullsEmptiesAndNesting_indentsAsGsonDid() {
            assertThat(Json.pretty(document)).isEqualTo("""
                    {
                      "name": "alice",
                      "url": null,
                      "html": "<a href=\\"x\\">&</a>",
                      "changes": [],
                      "cost": {},
                      "subnets": [
                        {
                          "id": "subnet-1"
                        }
                      ]
                    }""");
            assertThat(Json.pretty(document)).isEqualTo(new GsonBuilder().setPrettyPrinting().serializeNulls()
                    .disableHtmlEscaping().create().toJson(document));
        }

        @Test
        void pretty_whenReadByAnotherLibrary_keepsEveryValue() {
            var read = JsonParser.parseString(Json.pretty(document)).getAsJsonObject();

            assertThat(read.keySet()).containsExactly("name", "url", "html", "changes", "cost", "subnets");
            assertThat(read.get("url").isJsonNull()).isTrue();
            assertThat(read.get("html").getAsString()).isEqualTo("<a href=\"x\">&</a>");
        }
    }
}
