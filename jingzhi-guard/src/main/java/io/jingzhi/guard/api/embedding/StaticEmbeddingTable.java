package io.jingzhi.guard.api.embedding;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * The table of a static embedding model: one vector per vocabulary id (the token's weight already multiplied in),
 * stored as float16 (half the size of float32; the rounding, ≤ 0.05 %, is far below what averaging tokens loses).
 * File: magic {@code JZSE}, format version, model name, recipe hash, vocabulary size, dimensions, then the rows
 * (little-endian float16). {@code recipe} names what the table was made from, so a build can tell an up-to-date table.
 */
record StaticEmbeddingTable(String model, String recipe, int vocab, int dims, float[] rows) {

  private static final int MAGIC = 0x4A5A5345; // "JZSE"
  private static final int VERSION = 1;

  float[] row(int id) {
    float[] out = new float[dims];
    System.arraycopy(rows, id * dims, out, 0, dims);
    return out;
  }

  void write(OutputStream out) throws IOException {
    DataOutputStream o = new DataOutputStream(out);
    o.writeInt(MAGIC);
    o.writeInt(VERSION);
    o.writeUTF(model);
    o.writeUTF(recipe);
    o.writeInt(vocab);
    o.writeInt(dims);
    ByteBuffer b = ByteBuffer.allocate(rows.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : rows) {
      b.putShort(Float.floatToFloat16(v));
    }
    o.write(b.array());
    o.flush();
  }

  static StaticEmbeddingTable read(InputStream in) throws IOException {
    DataInputStream i = new DataInputStream(in);
    if (i.readInt() != MAGIC || i.readInt() != VERSION) {
      throw new IOException("not a static embedding table of format " + VERSION);
    }
    String model = i.readUTF();
    String recipe = i.readUTF();
    int vocab = i.readInt();
    int dims = i.readInt();
    byte[] bytes = i.readNBytes(vocab * dims * 2);
    if (bytes.length != vocab * dims * 2) {
      throw new IOException("static embedding table truncated");
    }
    ShortBuffer s = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    float[] rows = new float[vocab * dims];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = Float.float16ToFloat(s.get(k));
    }
    return new StaticEmbeddingTable(model, recipe, vocab, dims, rows);
  }

  /** Only the header's recipe (to check a table is up to date without reading the rows). */
  static String recipeOf(InputStream in) throws IOException {
    DataInputStream i = new DataInputStream(in);
    if (i.readInt() != MAGIC || i.readInt() != VERSION) {
      return "";
    }
    i.readUTF();
    return i.readUTF();
  }
}
