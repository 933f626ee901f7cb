/// Values a command is done with, left for the process' exit to reclaim: freeing a large
/// lint's model object by object (a hundred thousand rules and their syntax trees) takes longer
/// than writing its report, and nothing runs after it. Compilers do the same (clang's
/// `-disable-free`). Only commands, which end the process, keep values here, never the library.
enum LeftToExit {
    nonisolated(unsafe) private static var values: [Any] = []

    static func keep(_ value: Any) { values.append(value) }
}
