using PortfolioSample.Domain.Catalog;

namespace PortfolioSample.Domain.Tests;

public sealed class ProductTests
{
    [Fact]
    public void New_product_normalizes_its_sku_and_starts_at_version_zero()
    {
        var product = new Product("  kb-101 ", "Keyboard", 10m);

        Assert.Equal("KB-101", product.Sku);
        Assert.Equal(0, product.Version);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Price_must_be_positive(decimal price)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Product("KB-101", "Keyboard", price));
    }

    [Fact]
    public void Price_is_rounded_to_cents()
    {
        var product = new Product("KB-101", "Keyboard", 10.005m);

        Assert.Equal(10.00m, product.UnitPrice);
    }

    [Fact]
    public void Update_changes_name_and_price_and_bumps_the_version()
    {
        var product = new Product("KB-101", "Keyboard", 10m);

        product.Update(" Mechanical keyboard ", 12.5m);

        Assert.Equal("Mechanical keyboard", product.Name);
        Assert.Equal(12.5m, product.UnitPrice);
        Assert.Equal(1, product.Version);
    }

    [Fact]
    public void Name_longer_than_the_limit_is_rejected()
    {
        var tooLong = new string('x', Product.NameMaxLength + 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Product("KB-101", tooLong, 1m));
    }
}
