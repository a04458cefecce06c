package io.jingzhi.guard.engine.decode;

import java.util.Optional;

/**
 * Reverses one encoding found inside a text. Returns empty when the text holds nothing this decoder
 * understands, or when what it holds does not decode to readable text; never throws on bad input.
 */
public interface Decoder {

  String name();

  Optional<String> decode(String text);
}
