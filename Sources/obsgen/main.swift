import ObsGenCLI

// The project comes from obsgen.yml's `project:` section (a built-in pack, or a Swift package
// whose own executable runs these commands), or from `--pack NAME`.
ObsgenCommand.runMain()
