package tech.tradeos.execution.executor.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KrakenSigningTest {
    @Test
    void spotSignsKrakensDocumentedExampleExactly() {
        // docs.kraken.com, Spot REST Authentication, "Examples": buy 1.25 XBTUSD at $37,500
        String secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
        String postData = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
        assertThat(KrakenSigning.spot("/0/private/AddOrder", "1616492376594", postData, secret))
                .isEqualTo("4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==");
    }

    @Test
    void futuresSignsKrakensDocumentedInputs() {
        // docs.kraken.com, Futures REST, "Authentication": postData, Nonce, endpointPath and api_secret examples. The page
        // gives no resulting Authent; this one was computed from its five steps with openssl (sha256, then HMAC-SHA512)
        String secret = "rttp4AzwRfYEdQ7R7X8Z/04Y4TZPa97pqCypi3xXxAqftygftnI6H9yGV+OcUOOJeFtZkr8mVwbAndU3Kz4Q+eG";
        assertThat(KrakenSigning.futures("symbol=fi_xbtusd_180615", "1415957147987", "/api/v3/orderbook", secret))
                .isEqualTo("DqUyz8Wh/72af7dimSXHw91IFxrAriTgVodyg2s67PU2mVStwLDQak+uIoCtfb43XONq0xVAp+vm5dqnhFAB1Q==");
        assertThat(KrakenSigning.futures("symbol=fi_xbtusd_180615", "1415957147987", "/derivatives/api/v3/orderbook", secret))
                .as("the path is signed without the /derivatives prefix").isNotEqualTo(
                        "DqUyz8Wh/72af7dimSXHw91IFxrAriTgVodyg2s67PU2mVStwLDQak+uIoCtfb43XONq0xVAp+vm5dqnhFAB1Q==");
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> KrakenSigning.spot("/0/private/Balance", "1", "nonce=1", "not*base64*secret"))
                .hasMessage("the API secret is not base64");
    }
}
