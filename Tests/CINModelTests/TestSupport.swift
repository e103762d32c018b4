import Foundation
@testable import CINModel

/// Path of a copied public sample (see Fixtures/README.md).
func fixturePath(_ name: String) -> String {
    (Bundle.module.resourcePath ?? ".") + "/Fixtures/" + name
}
