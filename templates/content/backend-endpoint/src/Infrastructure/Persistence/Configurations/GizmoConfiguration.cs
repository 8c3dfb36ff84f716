using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Domain.Gizmos;

namespace PortfolioSample.Infrastructure.Persistence.Configurations;

// AppDbContext applies every IEntityTypeConfiguration in this assembly, so this class is all the new table needs.
internal sealed class GizmoConfiguration : IEntityTypeConfiguration<Gizmo>
{
    public void Configure(EntityTypeBuilder<Gizmo> builder)
    {
        builder.ToTable("Gizmos");
        builder.HasKey(entity => entity.Id);

        builder.Property(entity => entity.Name).HasMaxLength(Gizmo.NameMaxLength).IsRequired();
        builder.Property(entity => entity.Description).HasMaxLength(Gizmo.DescriptionMaxLength);
    }
}
