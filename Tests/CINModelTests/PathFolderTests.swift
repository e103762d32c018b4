import Testing
import CINModel

/// `PathFolder`: the folder and name of a path, worked out by hand (Foundation's path methods trap on a
/// one-character relative path on Linux: `cinx report ... --out Y` crashed).
@Suite struct PathFolderTests {
    @Test(arguments: [("Y", "", "Y"), ("Y/", "", "Y"), ("YY", "", "YY"), ("a/Y", "a", "Y"), ("a/b/", "a", "b"),
                      ("/Y", "/", "Y"), ("/", "/", "/"), ("./Y", ".", "Y"), ("a//b", "a/", "b")])
    func folderAndName(path: String, folder: String, name: String) {
        #expect(PathFolder.of(path) == folder)
        #expect(PathFolder.name(path) == name)
    }
}
