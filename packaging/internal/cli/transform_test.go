package cli

// Set by TestTransformUnderWine (Linux) for TestTransformMSI (Windows).
const (
	envTransformMSI     = "SVCPACK_TRANSFORM_MSI"     // mysvc 0.1.0, the package the transforms are for
	envTransformNext    = "SVCPACK_TRANSFORM_NEXT"    // mysvc 0.2.0, the upgrade
	envTransformSite    = "SVCPACK_TRANSFORM_SITE"    // site.mst for 0.1.0: STARTTYPE and INSTALLFOLDER
	envTransformVersion = "SVCPACK_TRANSFORM_VERSION" // a transform made from 0.2.0 (another version)
	envTransformProduct = "SVCPACK_TRANSFORM_PRODUCT" // a transform for another product
	envTransformAddr    = "SVCPACK_TRANSFORM_ADDR"    // where the service answers
)

// The values site.mst sets.
const (
	siteStartType = "manual"
	siteFolder    = `C:\SiteApps\mysvc\`
)

// Set by TestTransformUnderWine (Linux) for TestTransformHellosvc (Windows).
const (
	envHellosvcMSI   = "SVCPACK_TRANSFORM_HELLOSVC_MSI"   // hellosvc 1.0.0
	envHellosvcMST   = "SVCPACK_TRANSFORM_HELLOSVC_MST"   // LISTEN=<addr>
	envHellosvcAddr  = "SVCPACK_TRANSFORM_HELLOSVC_ADDR"  // the address the transform sets
	envHellosvcMoved = "SVCPACK_TRANSFORM_HELLOSVC_MOVED" // a free address config.json is edited to
)
