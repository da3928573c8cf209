// Every kind's classes are generated, because archetype file sets cannot be conditional; this keeps the
// ones of the chosen kind and removes the others.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

def kinds = [
        device : ['DeviceDriver.java', 'DeviceHandler.java', 'DeviceHandlerTest.java'],
        trigger: ['TriggerType.java', 'TriggerTypeTest.java'],
        action : ['ActionType.java', 'ActionTypeTest.java'],
]

def properties = request.properties
String kind = properties.getProperty('kind')
Path project = Paths.get(request.outputDirectory, request.artifactId)
if (!kinds.containsKey(kind)) {
    // The folder was created by this run (generation refuses existing ones); removing it lets the author
    // simply run the command again with a valid kind.
    project.toFile().deleteDir()
    throw new IllegalArgumentException("kind must be one of ${kinds.keySet().join(', ')}, not '${kind}'")
}
String className = properties.getProperty('className')
String packagePath = request.getPackage().replace('.', '/')

kinds.findAll { it.key != kind }.each { other, suffixes ->
    suffixes.each { suffix ->
        String folder = suffix.endsWith('Test.java') ? 'src/test/java' : 'src/main/java'
        Files.deleteIfExists(project.resolve(folder).resolve(packagePath).resolve('internal').resolve(className + suffix))
    }
}
