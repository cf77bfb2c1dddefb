import Video
import VideoPrediction

extension SVGSetting {
  /// The option this setting declares, with its default and help.
  var definition: ArgumentDefinition {
    .option(name, value: valueName, default: defaultText, help: help)
  }

  /// Reads this setting's option from `arguments` into `configuration`, converted and
  /// checked as its field says.
  func parse(_ arguments: ParsedArguments, into configuration: inout SVGTrainingConfiguration)
    throws(UsageError)
  {
    switch field {
    case .integer(let path, let range):
      configuration[keyPath: path] = try arguments.value(name, as: .integer(in: range))
    case .real(let path, let range):
      configuration[keyPath: path] = try arguments.value(name, as: .double(in: range))
    case .optionalReal(let path, let range):
      configuration[keyPath: path] = try arguments.value(name, as: .double(in: range))
    case .scene(let path):
      configuration[keyPath: path] = try arguments.value(
        name, as: .choice(Scene.allCases.map(\.rawValue)))
    }
  }
}
