import PhysicsVAE

extension TrainingSetting {
  /// Reads this setting's option from `arguments` into `configuration`, converted and
  /// checked as its field says.
  func parse(_ arguments: ParsedArguments, into configuration: inout TrainingConfiguration)
    throws(UsageError)
  {
    switch field {
    case .integer(let path, let range):
      configuration[keyPath: path] = try arguments.value(name, as: .integer(in: range))
    case .real(let path):
      configuration[keyPath: path] = try arguments.value(name, as: .double)
    case .optionalReal(let path):
      configuration[keyPath: path] = try arguments.value(name, as: .double)
    case .optionalInteger(let path, let range):
      configuration[keyPath: path] = try arguments.value(name, as: .integer(in: range))
    case .seed(let path):
      configuration[keyPath: path] = UInt64(
        try arguments.value(name, as: .integer(in: 0...Int.max)))
    case .choice(let choice):
      choice.set(&configuration, try arguments.value(name, as: .choice(choice.values)))
    case .region(let path):
      configuration[keyPath: path] = try arguments.value(name, as: .region)
    }
  }
}
