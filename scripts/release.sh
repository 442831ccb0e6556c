#!/usr/bin/env bash
# Tags a release: `npm run release -- X.Y.Z [--push]` (or `bash scripts/release.sh X.Y.Z`).
#
# Refuses unless the work tree is clean, main is checked out, package.json says X.Y.Z, CHANGELOG.md
# has a "## [X.Y.Z]" section, X.Y.Z is newer than every vA.B.C tag, and dist/ is exactly what a fresh
# build makes (workflows run the committed dist/, not the source). Then it creates the annotated tag
# vX.Y.Z, with the changelog section as its message, and moves the major tag vX to the same commit.
#
# vX is a lightweight tag, on purpose: it is a pointer that moves with every compatible release, not a
# release of its own. The annotated vX.Y.Z records who released what and when; a lightweight vX
# keeps `git describe` naming vX.Y.Z rather than vX, and GitHub resolves `uses: …@vX` the same for
# both kinds.
#
# It prints the push commands; with --push it runs them. Environment, for tests and other layouts:
#   RELEASE_BUILD_COMMAND  how to rebuild dist/ (default: npm run build)
#   RELEASE_BRANCH         the branch releases come from (default: main)
#   RELEASE_REMOTE         where --push pushes (default: origin)
set -euo pipefail

fail() {
  echo "release: $*" >&2
  exit 1
}

version=''
push=false
for arg in "$@"; do
  case "$arg" in
    --push) push=true ;;
    -h | --help)
      sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      [ -z "$version" ] || fail "one version, please (got '$version' and '$arg')"
      version="$arg"
      ;;
  esac
done
version="${version#v}"
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] ||
  fail "usage: release X.Y.Z [--push] (got '${version}')"
major="v${BASH_REMATCH[1]}"
tag="v$version"
branch="${RELEASE_BRANCH:-main}"
remote="${RELEASE_REMOTE:-origin}"
build="${RELEASE_BUILD_COMMAND:-npm run build}"

cd "$(git rev-parse --show-toplevel)"

[ -z "$(git status --porcelain)" ] ||
  fail "the work tree is not clean; commit or remove these first:
$(git status --short)"
current="$(git symbolic-ref --quiet --short HEAD || echo 'a detached HEAD')"
[ "$current" = "$branch" ] || fail "releases are tagged on $branch, not on $current"
git rev-parse --quiet --verify "refs/tags/$tag" > /dev/null && fail "$tag already exists"

newest="$(git tag --list 'v[0-9]*.[0-9]*.[0-9]*' | sed 's/^v//' | sort -V | tail -n 1)"
if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$version" | sort -V | tail -n 1)" != "$version" ]; then
  fail "$tag is not newer than v$newest"
fi

package_version="$(node -p 'require("./package.json").version')"
[ "$package_version" = "$version" ] ||
  fail "package.json says $package_version; run: npm version $version --no-git-tag-version, and commit"

grep -qF "## [$version]" CHANGELOG.md 2> /dev/null ||
  fail "CHANGELOG.md has no '## [$version]' section; move the Unreleased entries under it"
# The section's text, from its heading up to the next "## " heading or the link references.
notes="$(awk -v heading="## [$version]" '
  index($0, heading) == 1 { found = 1; next }
  found && (/^## / || /^\[[^]]+\]: /) { exit }
  found { print }
' CHANGELOG.md)"

echo "Rebuilding dist/ ($build) to check that it matches the commit..."
bash -c "$build" > /dev/null
if ! git diff --quiet -- dist || [ -n "$(git ls-files --others --exclude-standard -- dist)" ]; then
  git status --short -- dist >&2
  fail "dist/ does not match a fresh build; run '$build', commit dist/, and try again"
fi

commit="$(git rev-parse HEAD)"
git tag --annotate "$tag" --file - "$commit" <<EOF
ECS Rollout $version
$(printf '%s\n' "$notes" | sed '/./,$!d')
EOF
git tag --force "$major" "$commit" > /dev/null
echo "Tagged $tag (annotated) and moved $major (lightweight) to ${commit:0:12}."

push_tag="git push $remote refs/tags/$tag"
push_major="git push --force $remote refs/tags/$major"
if $push; then
  $push_tag
  $push_major
  echo "Pushed. Now publish the release on GitHub from $tag (notes: the $version changelog section)."
else
  echo "Nothing is pushed yet. To publish:"
  echo "  $push_tag"
  echo "  $push_major"
  echo "then create the GitHub release from $tag (and tick the Marketplace box)."
fi
