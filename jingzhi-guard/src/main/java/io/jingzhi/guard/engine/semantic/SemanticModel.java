package io.jingzhi.guard.engine.semantic;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trained classifier as stored in {@code guard/semantic/model.bin} (gzip, big-endian): the embedding model it
 * was trained with, the SHA-256 of the training data, and one head per direction.
 */
public record SemanticModel(String embeddingModel, String dataHash, SemanticHead input, SemanticHead output) {

  /** Classpath location written by {@link TrainSemanticClassifier} during the build. */
  public static final String RESOURCE = "guard/semantic/model.bin";
  private static final int MAGIC = 0x4A5A5345; // "JZSE"
  private static final int VERSION = 4; // 2: n-gram first stage; 3: static-embedding stage; 4: perceptron

  public void write(OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw)));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(embeddingModel);
    out.writeUTF(dataHash);
    input.write(out);
    output.write(out);
    out.flush();
    out.close();
  }

  public static SemanticModel read(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw)));
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new IOException("not a jingzhi semantic model (or another version)");
    }
    return new SemanticModel(in.readUTF(), in.readUTF(), SemanticHead.read(in), SemanticHead.read(in));
  }
}
