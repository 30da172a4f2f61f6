using Meridian.Media.Crypto;
using Meridian.Media.Packaging;
using Meridian.Region.ControlPlane.StreamingLocators;
using Meridian.Region.ControlPlane.StreamingPolicies;
using EncryptionScheme = Meridian.Region.ControlPlane.StreamingPolicies.EncryptionScheme;

namespace Meridian.Region.Streaming;

/// <summary>
/// Chooses the content key that encrypts a track under a locator's scheme, with the AMS rules: tracks matched by the
/// scheme's <c>clearTracks</c> stay clear; a key whose track selection (<c>keyToTrackMappings</c>, FourCC Equal) matches the
/// track wins over the scheme's default key.
/// </summary>
public static class OriginContentKeys
{
    /// <summary>The key for <paramref name="track"/>, or null when the policy leaves the track clear.</summary>
    public static ContentKey? ForTrack(ResolvedLocator resolved, PresentationTrack track)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(track);
        var (type, scheme) = resolved.Scheme switch
        {
            EncryptionScheme.EnvelopeEncryption => (StreamingLocatorContentKeyType.EnvelopeEncryption, (IEncryptedScheme?)resolved.Policy.EnvelopeEncryption),
            EncryptionScheme.CommonEncryptionCenc => (StreamingLocatorContentKeyType.CommonEncryptionCenc, resolved.Policy.CommonEncryptionCenc),
            EncryptionScheme.CommonEncryptionCbcs => (StreamingLocatorContentKeyType.CommonEncryptionCbcs, resolved.Policy.CommonEncryptionCbcs),
            _ => throw new ArgumentException("The locator's scheme does not encrypt.", nameof(resolved)),
        };
        if (scheme?.ClearTracks is { Count: > 0 } clear && clear.Any(s => Matches(s, track)))
        {
            return null;
        }

        var keys = (resolved.Locator.ContentKeys ?? []).Where(k => k.Type == type).ToList();
        var key = keys.FirstOrDefault(k => k.Tracks is { Count: > 0 } tracks && tracks.Any(s => Matches(s, track))) ??
            keys.FirstOrDefault(k => k.Tracks is not { Count: > 0 }) ??
            (keys.Count == 1 ? keys[0] : null);
        if (key?.Id is not { } id || key.Value is not { } value)
        {
            throw new OriginException(500, "MPE_ENC_CONTENT_KEY_NOT_FOUND",
                $"The streaming locator has no {type} content key for track '{track.Name}'.");
        }

        return new ContentKey(id, Convert.FromBase64String(value));
    }

    private static bool Matches(TrackSelection selection, PresentationTrack track) =>
        selection.TrackSelections is { Count: > 0 } conditions && conditions.All(c =>
            c.Property == TrackPropertyType.FourCC && c.Operation == TrackPropertyCompareOperation.Equal &&
            string.Equals(c.Value, track.Track.Codec.Format.ToString(), StringComparison.OrdinalIgnoreCase));
}
