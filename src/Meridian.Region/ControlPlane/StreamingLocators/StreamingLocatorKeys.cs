using System.Security.Cryptography;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingPolicies;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>
/// Gives a new locator one content key per key slot of its policy. Caller-supplied keys are kept exactly (id and value)
/// so a locator can be recreated in another region with the same keys; the missing ones are generated.
/// </summary>
internal static class StreamingLocatorKeys
{
    public const int KeyBytes = 16;

    /// <param name="request">The request, for content key policy look-ups.</param>
    /// <param name="policyName">The streaming policy's name, for messages.</param>
    /// <param name="policy">The locator's streaming policy.</param>
    /// <param name="defaultContentKeyPolicyName">The locator's own default content key policy (already resolved), if any.</param>
    /// <param name="supplied">The caller's keys.</param>
    public static IReadOnlyList<StreamingLocatorContentKey> Assign(
        ResourceRequest request,
        string policyName,
        StreamingPolicyProperties policy,
        string? defaultContentKeyPolicyName,
        IReadOnlyList<StreamingLocatorContentKey>? supplied)
    {
        var slots = policy.KeySlots();
        supplied ??= [];
        if (slots.Count == 0)
        {
            if (supplied.Count > 0)
            {
                throw ArmException.BadRequest(
                    $"The streaming policy '{policyName}' does not encrypt, so the locator takes no content keys.", "properties.contentKeys");
            }

            return [];
        }

        var assigned = new StreamingLocatorContentKey?[slots.Count];
        var ids = new HashSet<Guid>();
        for (var i = 0; i < supplied.Count; i++)
        {
            var target = $"properties.contentKeys[{i}]";
            var key = supplied[i] ?? throw ArmException.BadRequest($"'{target}' cannot be null.", target);
            var label = key.LabelReferenceInStreamingPolicy ?? "";
            var slot = FindSlot(slots, assigned, label, key.Type, policyName, target);
            if (key.Id is not { } id || id == Guid.Empty)
            {
                throw ArmException.BadRequest($"'{target}.id' is required: a uuid that is not all zeros.", target + ".id");
            }

            if (!ids.Add(id))
            {
                throw ArmException.BadRequest($"The content key id '{id}' appears twice in 'properties.contentKeys'.", target + ".id");
            }

            var value = key.Value ?? NewValue();
            var bytes = new byte[KeyBytes + 1];
            if (!Convert.TryFromBase64String(value, bytes, out var length) || length != KeyBytes)
            {
                throw ArmException.BadRequest($"'{target}.value' must be a 128-bit key in base64 (16 bytes, e.g. '1UqLohAfWsEGkULYxHjYZg==').",
                    target + ".value");
            }

            // Stored canonical: the base64 reader skips whitespace, and listContentKeys should not echo it.
            assigned[slot] = Key(request, slots[slot], id, Convert.ToBase64String(bytes.AsSpan(0, KeyBytes)), policy, defaultContentKeyPolicyName);
        }

        for (var j = 0; j < slots.Count; j++)
        {
            assigned[j] ??= Key(request, slots[j], Guid.NewGuid(), NewValue(), policy, defaultContentKeyPolicyName);
        }

        return [.. assigned.OfType<StreamingLocatorContentKey>()];
    }

    private static int FindSlot(
        IReadOnlyList<StreamingPolicyKeySlot> slots,
        StreamingLocatorContentKey?[] assigned,
        string label,
        StreamingLocatorContentKeyType? type,
        string policyName,
        string target)
    {
        var matching = Enumerable.Range(0, slots.Count).Where(j => string.Equals(slots[j].Label, label, StringComparison.Ordinal)).ToList();
        if (matching.Count == 0)
        {
            var known = string.Join(", ", slots.Select(s => $"'{s.Label}'").Distinct());
            throw ArmException.BadRequest(
                $"The label '{label}' of '{target}' is not a key label of streaming policy '{policyName}'. Its labels are {known}.",
                target + ".labelReferenceInStreamingPolicy");
        }

        var free = matching.Where(j => assigned[j] is null).ToList();
        if (free.Count == 0)
        {
            throw ArmException.BadRequest($"More than one content key uses the label '{label}'.", target + ".labelReferenceInStreamingPolicy");
        }

        // An empty label can name the default key of several schemes; the read-only type, when given, says which.
        return free.FirstOrDefault(j => type is not null && TypeOf(slots[j].Scheme) == type, free[0]);
    }

    private static StreamingLocatorContentKey Key(
        ResourceRequest request,
        StreamingPolicyKeySlot slot,
        Guid id,
        string value,
        StreamingPolicyProperties policy,
        string? locatorDefault)
    {
        var (name, target) = slot.PolicyName is not null
            ? (slot.PolicyName, "properties.streamingPolicyName")
            : locatorDefault is not null
                ? (locatorDefault, "properties.defaultContentKeyPolicyName")
                : (policy.DefaultContentKeyPolicyName, "properties.streamingPolicyName");
        if (name is null)
        {
            var label = slot.Label.Length == 0 ? "the default key" : $"the key '{slot.Label}'";
            throw ArmException.BadRequest(
                $"No content key policy applies to {label} of {slot.Scheme}: the streaming policy names none, so give " +
                "'properties.defaultContentKeyPolicyName'.", "properties.defaultContentKeyPolicyName");
        }

        return new StreamingLocatorContentKey
        {
            Id = id,
            Type = TypeOf(slot.Scheme),
            LabelReferenceInStreamingPolicy = slot.Label,
            Value = value,
            PolicyName = ContentKeyPolicyReferences.Require(request, name, target),
            Tracks = slot.Tracks,
        };
    }

    private static StreamingLocatorContentKeyType TypeOf(EncryptionScheme scheme) => scheme switch
    {
        EncryptionScheme.EnvelopeEncryption => StreamingLocatorContentKeyType.EnvelopeEncryption,
        EncryptionScheme.CommonEncryptionCenc => StreamingLocatorContentKeyType.CommonEncryptionCenc,
        EncryptionScheme.CommonEncryptionCbcs => StreamingLocatorContentKeyType.CommonEncryptionCbcs,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Only encrypting schemes have keys."),
    };

    private static string NewValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
}
