import ObsGenCLI
import ObsGenPacks

// With no project of its own, obsgen renders the built-in deployment-observability pack.
ProjectRegistry.setDefault { DeploymentPack.project }
ObsgenCommand.runMain()
