#!/usr/bin/env python3
"""Crawls an HLS presentation once and mirrors every response byte-for-byte under an nginx root.

usage: crawl.py MASTER_URL ROOT OUT_DIR
Writes OUT_DIR/manifests.txt (master + media playlists), OUT_DIR/segments.txt (init + media segments) and
OUT_DIR/all.txt (both, in crawl order): one URL path per line, exactly as requested from the origin.
I-frame playlists are listed as manifests; their segments are the ones the media playlists already name.
"""
import os
import sys
import urllib.parse
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
        return response.read()


def uris(text, base):
    """URIs of a playlist: URI="..." attributes and non-tag lines, resolved against base."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            marker = 'URI="'
            start = line.find(marker)
            if start >= 0:
                end = line.index('"', start + len(marker))
                found.append((line.split(":", 1)[0], urllib.parse.urljoin(base, line[start + len(marker):end])))
        else:
            found.append(("", urllib.parse.urljoin(base, line)))
    return found


def main():
    master_url, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
    manifests, segments, seen = [], [], set()

    def mirror(url):
        body = fetch(url)
        path = urllib.parse.urlsplit(url)
        request_path = path.path + ("?" + path.query if path.query else "")
        file = os.path.join(root, urllib.parse.unquote(path.path).lstrip("/"))
        os.makedirs(os.path.dirname(file), exist_ok=True)
        with open(file, "wb") as f:
            f.write(body)
        return request_path, body

    path, body = mirror(master_url)
    manifests.append(path)
    for tag, playlist in uris(body.decode(), master_url):
        if playlist in seen:
            continue
        seen.add(playlist)
        path, text = mirror(playlist)
        manifests.append(path)
        if tag == "#EXT-X-I-FRAME-STREAM-INF":
            continue
        for _, segment in uris(text.decode(), playlist):
            if segment in seen:
                continue
            seen.add(segment)
            path, _ = mirror(segment)
            segments.append(path)

    for name, items in (("manifests.txt", manifests), ("segments.txt", segments), ("all.txt", manifests + segments)):
        with open(os.path.join(out, name), "w") as f:
            f.write("\n".join(items) + "\n")
    print(f"crawled {len(manifests)} manifests and {len(segments)} segments")


if __name__ == "__main__":
    main()
