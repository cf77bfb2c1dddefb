import Foundation

extension JSONEncoder {
  /// How run folders write JSON (config.json, checkpoint metadata): pretty-printed with
  /// sorted keys, so that a file reads well and two runs diff line by line; non-finite
  /// numbers, which JSON lacks, as the strings "inf", "-inf" and "nan".
  public static var runFolder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }
}

extension JSONDecoder {
  /// Reads what `JSONEncoder.runFolder` writes.
  public static var runFolder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}
