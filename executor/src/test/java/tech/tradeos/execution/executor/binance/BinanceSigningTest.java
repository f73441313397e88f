package tech.tradeos.execution.executor.binance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Binance's signature against the worked example of its spot REST documentation ("SIGNED endpoint examples"). */
class BinanceSigningTest {
    private static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    @Test
    void theDocumentationsExampleSignsToItsPublishedSignature() {
        assertThat(BinanceSigning.sign("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
                + "&timestamp=1499827319559", SECRET)).isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    }

    @Test
    void aNonAsciiSymbolIsSignedPercentEncoded() {
        assertThat(BinanceSigning.sign("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT"
                + "&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", SECRET))
                .isEqualTo("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
    }
}
