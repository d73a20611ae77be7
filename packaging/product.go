package packaging

import "github.com/svcpack/svcpack/packaging/internal/product"

// ProductFile is a product file's name: svcpack.yaml.
const ProductFile = product.FileName

// Product is what a repository's tasks read from a product file.
type Product struct {
	Name string // the product's name
	Exe  string // the service's exe file name
	Main string // its main package
}

// LoadProduct reads and checks the product file.
func LoadProduct(file string) (Product, error) {
	p, err := product.Load(file)
	if err != nil {
		return Product{}, err
	}
	return Product{Name: p.Name, Exe: p.ExeName(), Main: p.Main}, nil
}
