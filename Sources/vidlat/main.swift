import Foundation
import VidlatCLI

exit(VidlatCLI.run(Array(CommandLine.arguments.dropFirst())))
