#!/bin/sh
# Regenerates the multi-package rpm databases in this folder with real tools (Debian bookworm):
#   apt-get install rpm db5.3-util sqlite3
# Debian's rpm 4.18 can only WRITE the sqlite backend (bdb is read-only "bdb_ro", ndb is not built),
# so the BerkeleyDB Packages file is written by Berkeley DB itself (db5.3_load) from the header blobs
# rpm stored in rpmdb.sqlite, keyed like rpm's bdb backend (4-byte little-endian instance numbers,
# key 0 = next instance). rpm's own bdb_ro backend reads it back identically (rpm-qa.txt).
# NDB cannot be generated with these tools.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/top/SPECS" "$work/db-sqlite" "$work/db-bdb"
for s in alpha beta gamma delta; do
  cp "$here/$s.spec" "$work/top/SPECS/"
  rpmbuild --define "_topdir $work/top" -bb "$work/top/SPECS/$s.spec" >/dev/null
done
rpm --dbpath "$work/db-sqlite" --initdb
rpm --dbpath "$work/db-sqlite" -i --justdb --nodeps "$work"/top/RPMS/noarch/*.rpm
{
  echo VERSION=3; echo format=bytevalue; echo type=hash; echo db_pagesize=4096; echo HEADER=END
  n=$(sqlite3 "$work/db-sqlite/rpmdb.sqlite" 'select max(hnum)+1 from Packages')
  printf ' 00000000\n %02x000000\n' "$n"
  sqlite3 "$work/db-sqlite/rpmdb.sqlite" "select printf('%08x', hnum), lower(hex(blob)) from Packages order by hnum" |
    while IFS='|' read -r k v; do
      echo " $(echo "$k" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')"; echo " $v"
    done
  echo DATA=END
} > "$work/packages.dump"
db5.3_load -f "$work/packages.dump" "$work/db-bdb/Packages"
q='%{NAME}|%{EPOCHNUM}|%{VERSION}|%{RELEASE}|%{ARCH}|%{SOURCERPM}|%{LICENSE}|%{VENDOR}\n'
rpm --dbpath "$work/db-sqlite" -qa --qf "$q" | sort > "$here/rpm-qa.txt"
rpm --dbpath "$work/db-bdb" --define '_db_backend bdb_ro' -qa --qf "$q" 2>/dev/null | sort | diff - "$here/rpm-qa.txt"
rpm --dbpath "$work/db-sqlite" -qal | sort > "$here/rpm-qal.txt"
cp "$work/db-sqlite/rpmdb.sqlite" "$here/sqlite/rpmdb.sqlite"
cp "$work/db-bdb/Packages" "$here/bdb/Packages"
