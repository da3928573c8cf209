// Only the trigger's classes are left, and the KAR is built.
def project = new File(basedir, 'project/it-trigger')
def internal = new File(project, 'src/main/java/com/example/it/trigger/internal')
assert internal.list().sort() == ['ItTriggerTriggerType.java']
assert new File(project, 'target/it-trigger-0.0.1.kar').isFile()
