// The explicitly given names reach the class names, the type id and the artifacts.
def project = new File(basedir, 'project/it-gate-driver')
def internal = new File(project, 'src/main/java/com/example/it/gate/internal')
assert new File(internal, 'GateDeviceDriver.java').text.contains('TYPE_ID = "example.gate"')
assert new File(internal, 'GateDeviceHandler.java').isFile()
assert !new File(internal, 'GateTriggerType.java').exists()
assert !new File(internal, 'GateActionType.java').exists()
assert new File(project, 'target/it-gate-driver-0.0.1.kar').isFile()
