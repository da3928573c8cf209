// Only the action's classes are left, and the KAR is built.
def project = new File(basedir, 'project/it-action')
def internal = new File(project, 'src/main/java/com/example/it/action/internal')
assert internal.list().sort() == ['ItActionActionType.java']
assert new File(project, 'target/it-action-0.0.1.kar').isFile()
