using PortfolioKit.Templates.Tests.Matrix;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>One row's generated folder, its copied deploy/k8s, and each overlay as rendered.</summary>
public sealed record RenderedRow(MatrixRow Row, string Folder, string DeployFolder, IReadOnlyDictionary<string, RenderedOverlay> Overlays);
