import SupervisorConfig

print(SampleConfiguration.text, terminator: "")
