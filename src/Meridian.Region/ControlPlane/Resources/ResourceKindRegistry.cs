namespace Meridian.Region.ControlPlane.Resources;

/// <summary>The kinds and actions the control plane serves, looked up by URL segment (case-insensitive).</summary>
public sealed class ResourceKindRegistry
{
    private readonly Dictionary<string, IResourceKind> _kinds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string, string), IResourceAction> _actions = [];

    public ResourceKindRegistry(IEnumerable<IResourceKind> kinds, IEnumerable<IResourceAction> actions)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var kind in kinds)
        {
            _kinds.Add(kind.Collection, kind);
        }

        foreach (var action in actions)
        {
            _actions.Add((action.Collection.ToLowerInvariant(), action.Name.ToLowerInvariant()), action);
        }
    }

    public IResourceKind? Find(string collection, string? parentCollection)
    {
        return _kinds.TryGetValue(collection, out var kind) &&
            string.Equals(kind.ParentCollection, parentCollection, StringComparison.OrdinalIgnoreCase) ? kind : null;
    }

    public IResourceAction? FindAction(IResourceKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return _actions.GetValueOrDefault((kind.Collection.ToLowerInvariant(), name.ToLowerInvariant()));
    }

    /// <summary>The kind registered for a collection; throws if the collection is unknown (a programming error).</summary>
    public IResourceKind Get(string collection) => _kinds[collection];

    public IEnumerable<IResourceKind> Kinds => _kinds.Values;
}
