"""What every earlier version of newsletter wrote as schemas/ (`init`, `newsletter schema`): a
digest of each schema's rules (`schemas.digest`), from the first schema on (d0155c2), each
version of the package's history run once. `check` tells by them a file an older `init` wrote,
which it is safe to write again, from one the author edited, whose edits writing it again
would lose.

A version that writes a schema otherwise adds its digest here (tests/test_editors.py says so).
"""

WRITTEN = {
    "entry": frozenset(
        {
            "0588948475f524e0",
            "bd52f0594ee70b15",
            "7276719e887ecb8d",
            "081876aca7bb33d0",
            "0f95ebd3a6ff7767",
            "1058cd8de749ba0d",
            "22cfa3b922c6e79d",
            "497b187e9cb2059a",
            "5555b07c50af2483",
            "4df1b8306a8d7f04",
            "5a4fcef01e039cdd",
            "5cefd47be1cc7703",
            "6cb1083c7fd9a8c6",
            "6eb3042c4e6b560f",
            "8a737a3d7f72169e",
            "9baf7c818615b6cc",
            "a939e7aef4b16949",
            "dacbc49113a867cc",
            "df13746bda8e49db",
            "e61068e118ed9f56",
            "f208bc9cfac33a22",
            "f43c8d291d360563",
        }
    ),
    "settings": frozenset(
        {
            "db47d5d1e6cbbb48",
            "002e60c39233f5c2",
            "0115c44e043c814d",
            "0e3d51c1ed6a5cb3",
            "a5153940840aa79d",
            "13ddf081c01b89c9",
            "14b085c08e672114",
            "17c19fc34b2043a1",
            "1c2e1bde37522e9d",
            "1c998265e0312762",
            "367433ef5bba3b1f",
            "454e81ac90aab398",
            "4b03f4a7d40878d7",
            "54322924440eba20",
            "5ab8a97f83eac879",
            "5fb38b782e06ab32",
            "60be790e3a426437",
            "644f785abd39b759",
            "66c433f575d6bb6a",
            "6966d555a3a7c88d",
            "7178935600c41cd4",
            "732106c86aa4b0d9",
            "7775c260d7501ae7",
            "783ded3db809da45",
            "933ba4277af25f14",
            "93fae92aed50a362",
            "99d9869d8fe02d74",
            "aaad85ebae12e507",
            "b7413f091d3f545c",
            "b7bc4b3b8cd9fbc7",
            "bcc8bb1793133d3b",
            "bd752ee264276bf3",
            "c550dda87cc7015a",
            "d2511d8718fb644c",
            "d53bf57f5b1e0010",
            "db6bb5c2e8669b72",
            "df1c6fd773df5c06",
            "e6fc55463938b966",
            "e8b7331dcbe69ef6",
            "eb0a95d8e8af967c",
            "f744935228674d28",
            "f92064cb31bd05c8",
            "fe606ad229df0dff",
        }
    ),
}
